import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ProxyApp } from '../../../proxy-server/app';
import { createTokenService } from '../../../proxy-server/providers/token-refresh';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import { createSyncService } from '../../../proxy-server/sync/sync-service';

let store: Store;
let app: ProxyApp;
let token: string;
let code: string;
const lines: Record<string, unknown>[] = [];
const clock = { now: () => Date.now() };

beforeAll(async () => {
  store = createStore(await openDb({ kind: 'pglite' }), createVault(Buffer.alloc(32, 5)));
  const workspaceId = (await store.workspaces.ensureDefault(clock.now())).id;
  const tokens = createTokenService({ store, providers: {}, clock });
  app = createApp({
    store, providers: {}, clock, tokens, sync: createSyncService({ store, providers: {}, tokens, clock }),
    workspaceId, adminToken: null, extensionOrigins: null, log: (entry) => lines.push(entry),
  });
  code = (await store.pairingCodes.issue(workspaceId, clock.now())).code;
  const res = await app.request('/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'A' }) });
  token = ((await res.json()) as { token: string }).token;
}, 60_000);
afterAll(() => store?.close());

describe('/openapi.json', () => {
  it('describes every /v1 route from the zod schemas', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, { parameters: { name: string }[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of ['/v1/pair', '/v1/seats', '/v1/seats/{id}', '/v1/pairing-codes', '/v1/events', '/v1/feed', '/v1/sync-runs', '/v1/skipped-records']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths['/v1/skipped-records']?.get?.parameters.map((p) => p.name)).toEqual(['connectionId', 'reason', 'limit']);
    expect(JSON.stringify(doc.paths['/v1/skipped-records'])).toContain('shared_email');
  });
});

describe('request log', () => {
  it('writes one JSON entry per request without tokens, codes or query strings', async () => {
    await (await app.request(`/v1/events?token=${token}`)).body?.cancel();
    await app.request('/v1/me', { headers: { Authorization: `Bearer ${token}` } });
    await app.request('/oauth/qbo/callback?code=secret-code&state=secret-state&realmId=1');
    const text = JSON.stringify(lines);
    expect(text).not.toContain(token);
    expect(text).not.toContain(code);
    expect(text).not.toContain('secret-code');
    expect(text).not.toContain('secret-state');
    expect(lines).toContainEqual(expect.objectContaining({ method: 'GET', path: '/v1/me', status: 200, seatId: expect.any(String) }));
    expect(lines).toContainEqual(expect.objectContaining({ method: 'POST', path: '/v1/pair', status: 201 }));
  });
});
