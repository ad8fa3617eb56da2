import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorSchema } from '../../../lib/proxy-api';
import { createApp, type ProxyApp } from '../../../proxy-server/app';
import type { ProviderClient } from '../../../proxy-server/providers/provider-client';
import { createTokenService } from '../../../proxy-server/providers/token-refresh';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import { createSyncService } from '../../../proxy-server/sync/sync-service';

/** The HTTP surface with an in-memory store and a fake provider: error shape, auth, CORS, limits. */
let store: Store;
let app: ProxyApp;
let seatToken: string;
const clock = { now: () => Date.now() };
const EXT = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

const fakeQbo = {
  provider: 'qbo',
  authorizeUrl: (state: string) => `https://provider.test/authorize?state=${state}`,
} as unknown as ProviderClient;

beforeAll(async () => {
  store = createStore(await openDb({ kind: 'pglite' }), createVault(Buffer.alloc(32, 7)));
  const workspace = await store.workspaces.ensureDefault(clock.now());
  const providers = { qbo: fakeQbo };
  const tokens = createTokenService({ store, providers, clock });
  app = createApp({
    store,
    providers,
    clock,
    tokens,
    sync: createSyncService({ store, providers, tokens, clock }),
    workspaceId: workspace.id,
    adminToken: 'lladmin_test',
    extensionOrigins: null,
  });
  const code = (await store.pairingCodes.issue(workspace.id, clock.now())).code;
  const res = await app.request('/v1/pair', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name: 'Alice' }),
  });
  expect(res.status).toBe(201);
  seatToken = ((await res.json()) as { token: string }).token;
}, 60_000);

afterAll(() => store?.close());

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = ApiErrorSchema.parse(await res.json());
  expect(body.error.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|llseat_/);
  return body;
}

const V1_ROUTES: [string, string][] = [
  ['GET', '/v1/me'],
  ['GET', '/v1/connections'],
  ['POST', '/v1/connections/authorize'],
  ['POST', '/v1/connections/conn_x/sync'],
  ['DELETE', '/v1/connections/conn_x'],
  ['GET', '/v1/feed'],
];

describe('seat authentication', () => {
  it('gives the first seat the owner role and a llseat_ token', () => {
    expect(seatToken).toMatch(/^llseat_[A-Za-z0-9_-]{43}$/);
  });

  it.each(V1_ROUTES)('%s %s refuses a missing, wrong or malformed token', async (method, path) => {
    for (const authorization of [undefined, 'Bearer llseat_wrong', `Basic ${seatToken}`, seatToken]) {
      const res = await app.request(path, { method, headers: authorization ? { Authorization: authorization } : {} });
      await expectError(res, 401, 'unauthorized');
    }
  });

  it('refuses a revoked seat', async () => {
    const code = (await store.pairingCodes.issue((await store.workspaces.ensureDefault(0)).id, clock.now())).code;
    const res = await app.request('/v1/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, name: 'Bob' }),
    });
    const { token, seat } = (await res.json()) as { token: string; seat: { id: string; role: string } };
    expect(seat.role).toBe('member');
    const auth = { Authorization: `Bearer ${token}` };
    expect((await app.request('/v1/me', { headers: auth })).status).toBe(200);
    await store.seats.revoke(seat.id, clock.now());
    await expectError(await app.request('/v1/me', { headers: auth }), 401, 'unauthorized');
  });

  it('refuses a used pairing code', async () => {
    const code = (await store.pairingCodes.issue((await store.workspaces.ensureDefault(0)).id, clock.now())).code;
    const pairOnce = () =>
      app.request('/v1/pair', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, name: 'C' }) });
    expect((await pairOnce()).status).toBe(201);
    await expectError(await pairOnce(), 400, 'invalid_pairing_code');
  });
});

describe('error shape and validation', () => {
  const auth = () => ({ Authorization: `Bearer ${seatToken}`, 'Content-Type': 'application/json' });

  it('answers unknown routes with 404 in the error shape', async () => {
    await expectError(await app.request('/nope'), 404, 'not_found');
    await expectError(await app.request('/v1/nope', { headers: auth() }), 404, 'not_found');
  });

  it('rejects invalid bodies with invalid_request and the issues as details', async () => {
    const res = await app.request('/v1/connections/authorize', { method: 'POST', headers: auth(), body: '{"provider":"sage"}' });
    const body = await expectError(res, 400, 'invalid_request');
    expect(body.error.details).toEqual([expect.objectContaining({ path: 'provider' })]);
    await expectError(await app.request('/v1/connections/authorize', { method: 'POST', headers: auth(), body: 'not json' }), 400, 'invalid_request');
  });

  it('rejects a bad feed cursor and an out-of-range limit', async () => {
    await expectError(await app.request('/v1/feed?cursor=garbage!', { headers: auth() }), 400, 'invalid_cursor');
    await expectError(await app.request(`/v1/feed?cursor=${Buffer.from('v1:abc').toString('base64url')}`, { headers: auth() }), 400, 'invalid_cursor');
    await expectError(await app.request('/v1/feed?limit=100000', { headers: auth() }), 400, 'invalid_request');
  });

  it('answers 404 for a connection that is not in the workspace', async () => {
    await expectError(await app.request('/v1/connections/conn_x', { method: 'DELETE', headers: auth() }), 404, 'not_found');
  });

  it('limits request bodies to 64 KB', async () => {
    const res = await app.request('/v1/pair', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: 'x'.repeat(70_000), name: 'big' }),
    });
    await expectError(res, 413, 'payload_too_large');
  });

  it('issues an authorize URL with a stored, single-use state', async () => {
    const res = await app.request('/v1/connections/authorize', { method: 'POST', headers: auth(), body: '{"provider":"qbo"}' });
    expect(res.status).toBe(200);
    const { authorizeUrl, expiresAt } = (await res.json()) as { authorizeUrl: string; expiresAt: string };
    const state = new URL(authorizeUrl).searchParams.get('state') ?? '';
    expect(state.length).toBeGreaterThanOrEqual(43);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(await store.oauthStates.consume(state, 'qbo', Date.now())).not.toBeNull();
    expect(await store.oauthStates.consume(state, 'qbo', Date.now())).toBeNull();
  });

  it('says which provider is not configured', async () => {
    const res = await app.request('/v1/connections/authorize', { method: 'POST', headers: auth(), body: '{"provider":"xero"}' });
    await expectError(res, 400, 'provider_not_configured');
  });
});

describe('origins', () => {
  it('gives extension origins CORS headers, including on preflight', async () => {
    const res = await app.request('/v1/feed', {
      method: 'OPTIONS',
      headers: { Origin: EXT, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe(EXT);
  });

  it('gives an extension origin CORS headers on actual requests, their errors included', async () => {
    const feed = await app.request('/v1/feed', { headers: { Origin: EXT, Authorization: `Bearer ${seatToken}`, 'Accept-Encoding': 'gzip' } });
    expect(feed.status).toBe(200);
    expect(feed.headers.get('access-control-allow-origin')).toBe(EXT);
    expect(feed.headers.get('access-control-expose-headers')).toBe('Idempotent-Replayed,Retry-After');
    expect(feed.headers.get('vary')).toMatch(/Origin/);
    const denied = await app.request('/v1/feed', { headers: { Origin: EXT, Authorization: 'Bearer llseat_wrong' } });
    await expectError(denied, 401, 'unauthorized');
    expect(denied.headers.get('access-control-allow-origin')).toBe(EXT);
    const plain = await app.request('/v1/me', { headers: { Authorization: `Bearer ${seatToken}` } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Origin');
  });

  it('gives web origins no CORS headers and refuses their state-changing requests', async () => {
    const get = await app.request('/v1/me', { headers: { Origin: 'https://crm.example.com', Authorization: `Bearer ${seatToken}` } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
    const post = await app.request('/v1/connections/authorize', {
      method: 'POST',
      headers: { Origin: 'https://crm.example.com', Authorization: `Bearer ${seatToken}`, 'Content-Type': 'application/json' },
      body: '{"provider":"qbo"}',
    });
    await expectError(post, 403, 'forbidden_origin');
  });
});

describe('admin', () => {
  it('mints pairing codes only with the admin token', async () => {
    await expectError(await app.request('/admin/pairing-codes', { method: 'POST' }), 401, 'unauthorized');
    await expectError(await app.request('/admin/pairing-codes', { method: 'POST', headers: { Authorization: 'Bearer nope' } }), 401, 'unauthorized');
    const res = await app.request('/admin/pairing-codes', { method: 'POST', headers: { Authorization: 'Bearer lladmin_test' } });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { code: string }).code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  });

  it('serves /healthz with the store reachability', async () => {
    expect(await (await app.request('/healthz')).json()).toEqual({ ok: true, store: 'ok', driver: 'pglite' });
  });
});
