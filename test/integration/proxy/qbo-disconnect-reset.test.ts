import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeResponseSchema, ResetResponseSchema } from '../../../lib/proxy-api';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, connections, consent, drainFeed, pair, startTestProxy, waitFor } from './helpers';

/**
 * QBO reset and Intuit's Disconnect URL over real HTTP against the sandbox: reset keeps the connection and re-sends
 * the mirror; GET /oauth/qbo/disconnect removes a realm only once QuickBooks really stopped honouring its grant.
 */
let sandbox: RunningSandbox;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let realmId: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  await fetch(`${sandbox.url}/__sandbox/reset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customers: 10, invoices: 10, provider: 'qbo' }),
  });
  const companies = (await (await fetch(`${sandbox.url}/__sandbox/companies`)).json()) as { provider: string; id: string }[];
  realmId = companies.find((c) => c.provider === 'qbo')?.id ?? '';
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url }, { sync: { schedulerTickMs: false } });
  api = await pair(harness.proxy);
  const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
  expect((await fetch(await consent(authorizeUrl, { company: realmId }))).status).toBe(200);
  await waitFor('the import', async () => ((await connections(api))[0]?.status === 'connected' ? true : undefined));
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

describe('QBO reset and Disconnect URL', () => {
  it('reset keeps the connection id and re-sends every record', async () => {
    const [connection] = await connections(api);
    const before = await drainFeed(api, undefined, 1000);
    const live = before.items.filter((i) => i.op === 'upsert').map((i) => i.key);
    const reset = ResetResponseSchema.parse(await api.json('POST', `/v1/connections/${connection?.id}/reset`, undefined, 202));
    expect(reset.connection).toMatchObject({ id: connection?.id, status: 'syncing' });
    await waitFor('the re-import', async () => ((await connections(api))[0]?.status === 'connected' ? true : undefined));
    await harness.proxy.sync.idle();
    const after = await drainFeed(api, before.cursor, 1000);
    expect(new Set(after.items.filter((i) => i.op === 'upsert').map((i) => i.key))).toEqual(new Set(live));
    expect((await connections(api)).map((c) => c.id)).toEqual([connection?.id]);
  });

  it('an unauthenticated visit to the Disconnect URL cannot remove a working connection', async () => {
    const response = await fetch(`${harness.proxy.url}/oauth/qbo/disconnect?realmId=${realmId}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Still connected');
    expect(await connections(api)).toHaveLength(1);
    expect((await fetch(`${harness.proxy.url}/oauth/qbo/disconnect?realmId=%3Cscript%3E`)).status).toBe(400);
  });

  it('after the user disconnects in QuickBooks, the Disconnect URL deletes tokens, mirror and links', async () => {
    const [connection] = await connections(api);
    const { cursor } = await drainFeed(api, undefined, 1000);
    const tokens = await harness.proxy.tokens.current(connection?.id ?? '');
    await harness.proxy.providers.qbo?.revoke(tokens!); // what "Disconnect" in QuickBooks does to the grant
    const response = await fetch(`${harness.proxy.url}/oauth/qbo/disconnect?realmId=${realmId}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Disconnected from LedgerLens');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await connections(api)).toEqual([]);
    expect(await harness.proxy.store.connections.getTokens(connection?.id ?? '')).toBeNull();
    const deletes = (await drainFeed(api, cursor, 1000)).items.filter((i) => i.op === 'delete');
    expect(deletes.length).toBeGreaterThan(0);
  });
});
