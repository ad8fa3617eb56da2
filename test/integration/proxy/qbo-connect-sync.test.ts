import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerSchema, recordKey, type Customer } from '../../../lib/model';
import { AuthorizeResponseSchema, SkippedRecordsResponseSchema, SyncRunsResponseSchema } from '../../../lib/proxy-api';
import { AWKWARD_CUSTOMER_IDS } from '../../../proxy-server/sandbox/seed/awkward-customers';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, connections, consent, drainFeed, pair, startTestProxy, waitFor } from './helpers';

/**
 * The walking skeleton over real HTTP on loopback: pair → authorize → consent → callback → sync → feed → refresh →
 * disconnect, against the sandbox's QBO emulator.
 */
let sandbox: RunningSandbox;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let endpoints: { tokenUrl: string; apiBaseUrl: string };
let realmId: string;
let companyName: string;

interface SandboxCompany {
  provider: string;
  id: string;
  name: string;
  currency: string;
}

/** The sandbox's own customers, read directly from its QBO API with a control-API token. */
async function sandboxCustomers(realm: string): Promise<Record<string, unknown>[]> {
  const tokenResponse = await fetch(`${sandbox.url}/__sandbox/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ provider: 'qbo', companyId: realm }),
  });
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  const all: Record<string, unknown>[] = [];
  for (let start = 1; ; start += 1000) {
    // Inactive customers too: the mirror keeps them (Active=false) so a CRM record linked to one still resolves.
    const query = encodeURIComponent(`SELECT * FROM Customer WHERE Active IN (true, false) STARTPOSITION ${start} MAXRESULTS 1000`);
    const response = await fetch(`${endpoints.apiBaseUrl}/v3/company/${realm}/query?query=${query}&minorversion=75`, {
      headers: { Authorization: `Bearer ${access_token}`, Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { QueryResponse: { Customer?: Record<string, unknown>[] } };
    const page = body.QueryResponse.Customer ?? [];
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

async function connectQbo(): Promise<string> {
  const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
  const callback = await consent(authorizeUrl, { company: realmId });
  expect(callback.origin + callback.pathname).toBe(`${harness.proxy.url}/oauth/qbo/callback`);
  const landing = await fetch(callback);
  const html = await landing.text();
  expect(landing.status, html).toBe(200);
  return html;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  endpoints = ((await (await fetch(`${sandbox.url}/__sandbox/endpoints`)).json()) as { qbo: typeof endpoints }).qbo;
  const companies = (await (await fetch(`${sandbox.url}/__sandbox/companies`)).json()) as SandboxCompany[];
  const qbo = companies.find((c) => c.provider === 'qbo');
  if (!qbo) throw new Error('the sandbox has no QBO company');
  realmId = qbo.id;
  companyName = qbo.name;
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url });
  api = await pair(harness.proxy);
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

describe('QBO through the proxy, against the sandbox', () => {
  let connectionId: string;
  let firstCursor: string;

  it('connects: consent, callback page, then a connection that syncs to "connected"', async () => {
    const html = await connectQbo();
    expect(html).toContain('Connected to');
    expect(html).toContain(companyName.replace(/&/g, '&#38;').replace(/'/g, '&#39;'));
    const connected = await waitFor('the initial sync', async () => {
      const [connection] = await connections(api);
      return connection?.status === 'connected' ? connection : undefined;
    });
    connectionId = connected.id;
    expect(connected).toMatchObject({ provider: 'qbo', companyId: realmId, companyName, statusMessage: null });
    expect(connected.lastSyncAt).not.toBeNull();
  });

  it('serves every sandbox customer through the feed, paged, mapped to the shared model', async () => {
    const feed = await drainFeed(api, undefined, 7);
    firstCursor = feed.cursor;
    const expected = await sandboxCustomers(realmId);
    expect(expected.length).toBeGreaterThan(0);
    expect(feed.pages).toBeGreaterThan(1);
    const upserts = feed.items.flatMap((i) => (i.op === 'upsert' && i.entity === 'customer' ? [i] : []));
    expect(feed.items.every((i) => i.op === 'upsert')).toBe(true);
    const byId = new Map<string, Customer>(upserts.map((i) => [i.data.id, CustomerSchema.parse(i.data)]));
    expect([...byId.keys()].sort()).toEqual(expected.map((c) => String(c.Id)).sort());
    for (const raw of expected) {
      const customer = byId.get(String(raw.Id));
      expect(customer?.displayName).toBe(raw.DisplayName);
      expect(Number(customer?.balance)).toBeCloseTo(Number(raw.Balance ?? 0), 6);
      expect(customer?.webUrl).toContain(`nameId=${raw.Id}`);
      expect(customer?.connectionId).toBe(connectionId);
      const rawEmail = (raw.PrimaryEmailAddr as { Address?: string } | undefined)?.Address;
      if (rawEmail) expect(customer?.emails.join(',')).toBe(rawEmail.split(',').map((e) => e.trim()).filter(Boolean).join(','));
    }
    for (const item of upserts) expect(item.key).toBe(recordKey(item.data));
  });

  it('a re-sync of unchanged data adds nothing to the feed', async () => {
    await api.json('POST', `/v1/connections/${connectionId}/sync`, undefined, 202);
    await waitFor('the re-sync', async () => ((await connections(api))[0]?.status === 'connected' ? true : undefined));
    await harness.proxy.sync.idle();
    const after = await drainFeed(api, firstCursor);
    expect(after.items).toEqual([]);
  });

  it('logs each run (trigger, counts, calls spent) and lists shared emails without dropping those customers', async () => {
    const { runs } = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connectionId}`));
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([
      ['manual', 'succeeded'],
      ['initial', 'succeeded'],
    ]);
    const [resync, initial] = runs;
    const expected = (await sandboxCustomers(realmId)).length;
    expect(initial?.counts.customer).toMatchObject({ fetched: expected, changed: expected, removed: 0 });
    // The re-sync is incremental (CDC since the import): whatever it re-reads is unchanged.
    expect(resync?.counts.customer?.changed ?? 0).toBe(0);
    expect(initial?.providerCalls).toBeGreaterThanOrEqual(1);
    expect(initial?.durationMs).toBeGreaterThanOrEqual(0);

    const { records } = SkippedRecordsResponseSchema.parse(
      await api.json('GET', `/v1/skipped-records?connectionId=${connectionId}&reason=shared_email`),
    );
    const shared = records.map((r) => r.providerId).sort();
    expect(shared).toEqual(expect.arrayContaining([AWKWARD_CUSTOMER_IDS.sharedEmailFirst, AWKWARD_CUSTOMER_IDS.sharedEmailSecond].sort()));
    expect(records[0]?.message).toMatch(/also the email of/);
    const feed = await drainFeed(api, undefined, 1000);
    const imported = new Set(feed.items.flatMap((i) => (i.op === 'upsert' && i.entity === 'customer' ? [i.data.id] : [])));
    for (const id of shared) expect(imported.has(id as string)).toBe(true);
    const bad = await api.request('GET', '/v1/skipped-records?reason=nope');
    expect(bad.status).toBe(400);
  });

  it('refreshes an expired access token during a sync and stores the rotated refresh token', async () => {
    const before = await harness.proxy.store.connections.getTokens(connectionId);
    await fetch(`${sandbox.url}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 3700 }),
    });
    await api.json('POST', `/v1/connections/${connectionId}/sync`, undefined, 202);
    await harness.proxy.sync.idle();
    const [connection] = await connections(api);
    expect(connection?.status, connection?.statusMessage ?? '').toBe('connected');
    const after = await harness.proxy.store.connections.getTokens(connectionId);
    expect(after?.version).toBeGreaterThan(before?.version ?? Infinity);
    expect(after?.tokens.refreshToken).not.toBe(before?.tokens.refreshToken);
    expect(after?.tokens.accessToken).not.toBe(before?.tokens.accessToken);
  });

  it('disconnects: revokes at QBO, deletes the connection, and the feed deletes every record', async () => {
    const tokens = (await harness.proxy.store.connections.getTokens(connectionId))?.tokens;
    const live = await sandboxCustomers(realmId);
    const response = await api.request('DELETE', `/v1/connections/${connectionId}`);
    expect(response.status).toBe(204);
    expect(await connections(api)).toEqual([]);

    const feed = await drainFeed(api, firstCursor, 500);
    const deletes = feed.items.filter((i) => i.op === 'delete' && i.entity === 'customer');
    expect(deletes.map((d) => d.key).sort()).toEqual(live.map((c) => recordKey({ provider: 'qbo', companyId: realmId, id: String(c.Id) })).sort());
    expect(deletes.every((d) => d.op === 'delete' && d.connectionId === connectionId)).toBe(true);

    // The sandbox no longer honours the grant.
    const apiCall = await fetch(`${endpoints.apiBaseUrl}/v3/company/${realmId}/companyinfo/${realmId}?minorversion=75`, {
      headers: { Authorization: `Bearer ${tokens?.accessToken}`, Accept: 'application/json' },
    });
    expect(apiCall.status).toBe(401);
    const refresh = await fetch(endpoints.tokenUrl, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from('sandbox-qbo-client:sandbox-qbo-secret').toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens?.refreshToken ?? '' }),
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('reconnecting the same company reuses the key space and refills the feed', async () => {
    await connectQbo();
    const connection = await waitFor('the second sync', async () => {
      const [c] = await connections(api);
      return c?.status === 'connected' ? c : undefined;
    });
    expect(connection.companyId).toBe(realmId);
    const fresh = await drainFeed(api, undefined, 1000);
    const live = fresh.items.filter((i) => i.op === 'upsert' && i.entity === 'customer');
    expect(live.length).toBe((await sandboxCustomers(realmId)).length);
  });
});

describe('OAuth callback refusals', () => {
  it('refuses a replayed state with a 400 page and creates nothing', async () => {
    const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
    const callback = await consent(authorizeUrl, { company: realmId });
    expect((await fetch(callback)).status).toBe(200);
    const replay = await fetch(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('expired');
  });

  it('refuses unknown and missing states', async () => {
    const unknown = await fetch(`${harness.proxy.url}/oauth/qbo/callback?code=x&state=nope&realmId=${realmId}`);
    expect(unknown.status).toBe(400);
    const missing = await fetch(`${harness.proxy.url}/oauth/qbo/callback?code=x&realmId=${realmId}`);
    expect(missing.status).toBe(400);
  });

  it('says the connection was cancelled when the user denies consent', async () => {
    const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
    const callback = await consent(authorizeUrl, { decision: 'deny' });
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const landing = await fetch(callback);
    expect(await landing.text()).toContain('cancelled');
  });
});
