import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeResponseSchema, MeResponseSchema } from '../../../lib/proxy-api';
import type { ProviderRegistry } from '../../../proxy-server/providers/provider-client';
import { encodeCursor } from '../../../proxy-server/routes/feed';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { Api, connections, consent, drainFeed, pair, startTestProxy, waitFor } from './helpers';

/**
 * Two proxy processes (two startProxy instances: separate pools, buses and single-flight maps) on one PostgreSQL
 * schema, as behind a load balancer. What one does, the other's seats hear; a token expiry hit by both at once costs
 * exactly one refresh.
 */
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ll_mp_${randomBytes(6).toString('hex')}`;
let sandbox: RunningSandbox;
let a: Awaited<ReturnType<typeof startTestProxy>>;
let b: Awaited<ReturnType<typeof startTestProxy>>;
let apiA: Api;
let apiB: Api;
let realmId: string;
let connectionId: string;
const refreshes = { count: 0 };

/** Counts calls to the token endpoint's refresh grant (intuit-oauth speaks axios, so a fetch wrapper cannot see them). */
const countRefreshes = (registry: ProviderRegistry): ProviderRegistry => {
  const qbo = registry.qbo;
  if (!qbo) return registry;
  return {
    ...registry,
    qbo: {
      ...qbo,
      refresh: async (tokens) => {
        refreshes.count += 1;
        // A slow token endpoint widens the race window, so both processes are surely mid-refresh at once.
        await new Promise((resolve) => setTimeout(resolve, 200));
        return qbo.refresh(tokens);
      },
    },
  };
};

interface Received {
  event: string;
  data: unknown;
  at: number;
}

/** Collects SSE events in the background, time-stamped on arrival. */
async function listen(url: string) {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const received: Received[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      buffer += chunk.value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) received.push({ event, data: JSON.parse(data), at: Date.now() });
      }
    }
  })();
  return {
    received,
    next: (match: (e: Received) => boolean, from = 0, timeoutMs = 10_000) =>
      waitFor('an SSE event', async () => received.slice(from).find(match), timeoutMs),
    close: () => reader.cancel(),
  };
}

beforeAll(async () => {
  const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await probe.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${PG_URL} (${error.message}); see test/integration/proxy/store.test.ts.`);
  });
  await probe.end();
  sandbox = await startSandbox({ port: 0, customers: 40 });
  const companies = (await (await fetch(`${sandbox.url}/__sandbox/companies`)).json()) as { provider: string; id: string }[];
  realmId = companies.find((c) => c.provider === 'qbo')?.id ?? '';
  const env = {
    SANDBOX_URL: sandbox.url,
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: schema,
    LEDGERLENS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  a = await startTestProxy(env, { wrapProviders: countRefreshes });
  b = await startTestProxy(env, { wrapProviders: countRefreshes });
  apiA = await pair(a.proxy, 'Seat on A');
  apiB = new Api(b.proxy.url, apiA.token); // the same seat, reaching the other process
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await sandbox?.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

describe('two proxy processes on one PostgreSQL', () => {
  it('a seat streaming from A hears B connect, sync, and change the mirror — within a second', async () => {
    const stream = await listen(`${a.proxy.url}/v1/events?token=${apiA.token}`);
    await stream.next((e) => e.event === 'feed'); // the opening cursor

    const { authorizeUrl } = AuthorizeResponseSchema.parse(await apiB.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
    expect((await fetch(await consent(authorizeUrl, { company: realmId }))).status).toBe(200);
    await stream.next((e) => e.event === 'connections' && (e.data as { status: string }).status === 'syncing');
    const connected = await stream.next((e) => e.event === 'connections' && (e.data as { status: string }).status === 'connected');
    connectionId = (connected.data as { connectionId: string }).connectionId;
    await b.proxy.sync.idle();
    const feed = await drainFeed(apiA, undefined, 1000);
    expect(feed.items.length).toBeGreaterThan(0);
    const latest = encodeCursor(await a.proxy.store.mirror.latestSeq((await apiA.json<{ seat: { workspaceId: string } }>('GET', '/v1/me')).seat.workspaceId));
    await stream.next((e) => e.event === 'feed' && (e.data as { cursor: string }).cursor === latest);

    // One more change, made by process B; timed from just before B writes it.
    const first = feed.items.find((i) => i.op === 'upsert' && i.entity === 'customer');
    if (first?.op !== 'upsert' || first.entity !== 'customer') throw new Error('no customer in the feed');
    const from = stream.received.length;
    const changedAt = Date.now();
    const workspaceId = (await b.proxy.store.connections.getById(connectionId))?.workspaceId ?? '';
    await b.proxy.store.mirror.upsertCustomers(
      { workspaceId, connectionId, provider: 'qbo', companyId: realmId },
      [{ ...first.data, balance: '123456.78' }],
      Date.now(),
    );
    const cursor = encodeCursor(await b.proxy.store.mirror.latestSeq(workspaceId));
    const heard = await stream.next((e) => e.event === 'feed' && (e.data as { cursor: string }).cursor === cursor, from, 5_000);
    expect(heard.at - changedAt).toBeLessThan(1000);
    const after = await drainFeed(apiA, feed.cursor);
    expect(after.items).toEqual([expect.objectContaining({ op: 'upsert', key: first.key })]);
    await stream.close();
  });

  it('100 concurrent provider calls at token expiry, split over both processes, cost exactly one refresh', async () => {
    const before = await a.proxy.store.connections.getTokens(connectionId);
    refreshes.count = 0;
    await fetch(`${sandbox.url}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 3700 }),
    });
    const call = (proxy: typeof a.proxy) =>
      proxy.providers.qbo!.companyInfo({
        companyId: realmId,
        connectionId,
        accessToken: (rejected) => proxy.tokens.accessToken(connectionId, rejected),
      });
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => call(i % 2 ? a.proxy : b.proxy)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
    expect(failures).toEqual([]);
    expect(refreshes.count).toBe(1);
    const after = await a.proxy.store.connections.getTokens(connectionId);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.tokens.refreshToken).not.toBe(before?.tokens.refreshToken);
    const [connection] = await connections(apiB);
    expect(connection?.status, connection?.statusMessage ?? '').toBe('connected');
  });

  it('a seat revoked through B is refused by A as soon as the revocation event arrives, though A had just let it in', async () => {
    const memberOnA = await pair(a.proxy, 'Member revoked elsewhere');
    const memberOnB = new Api(b.proxy.url, memberOnA.token);
    const { seat } = MeResponseSchema.parse(await memberOnA.json('GET', '/v1/me'));
    // Both processes have verified the token (and remember it, store/seats.ts).
    expect((await memberOnA.request('GET', '/v1/feed?limit=1')).status).toBe(200);
    expect((await memberOnB.request('GET', '/v1/feed?limit=1')).status).toBe(200);
    expect((await apiB.request('DELETE', `/v1/seats/${seat.id}`)).status).toBe(204);
    // B refuses at once (its own revoke). A learns of it through PostgreSQL NOTIFY, which is delivered after B's
    // commit, so A may let one request in while the event is on the wire: it must refuse within a couple of
    // seconds, far below the 30 s its cache would otherwise trust the token (store/seats.ts SEAT_CACHE_TTL_MS).
    expect((await memberOnB.request('GET', '/v1/feed?limit=1')).status).toBe(401);
    await expect
      .poll(async () => (await memberOnA.request('GET', '/v1/feed?limit=1')).status, { timeout: 3_000, interval: 50 })
      .toBe(401);
  });
});
