import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeResponseSchema } from '../../../lib/proxy-api';
import type { QboEmulator } from '../../../proxy-server/sandbox/qbo';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, consent, pair, startTestProxy, waitFor } from './helpers';

/**
 * Two proxy processes (two startProxy instances) on one PostgreSQL schema calling one QBO company: the per-minute
 * limit holds for both together (issue 4 §4). The limit is lowered to 60/min on both sides — the sandbox enforces it
 * with 429s, the proxies are configured with QBO_REQUESTS_PER_MINUTE — so the test pushes past it in seconds.
 */
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LIMIT = 60;
const PER_PROCESS = 45; // 90 calls wanted in total, half again the limit
const schema = `ll_lim_${randomBytes(6).toString('hex')}`;
let sandbox: RunningSandbox;
let a: Awaited<ReturnType<typeof startTestProxy>>;
let b: Awaited<ReturnType<typeof startTestProxy>>;
let realmId: string;
let connectionId: string;

/** Every request either proxy sent to the QBO API: when, and what came back. */
const sent: { at: number; status: number }[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (String(input instanceof Request ? input.url : input).includes('/v3/company/')) sent.push({ at: Date.now(), status: response.status });
  return response;
};

/** The most requests sent within any 60 s. */
function busiestMinute(): number {
  const times = sent.map((s) => s.at).sort((x, y) => x - y);
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i += 1) {
    while ((times[i] as number) - (times[j] as number) >= 60_000) j += 1;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

beforeAll(async () => {
  const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await probe.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${PG_URL} (${error.message}); see test/integration/proxy/store.test.ts.`);
  });
  await probe.end();
  sandbox = await startSandbox({ port: 0, customers: 5 });
  const qbo = sandbox.emulators.find((e) => e.provider === 'qbo') as QboEmulator;
  qbo.state.limits = { ...qbo.state.limits, perMinute: LIMIT };
  const companies = (await (await fetch(`${sandbox.url}/__sandbox/companies`)).json()) as { provider: string; id: string }[];
  realmId = companies.find((c) => c.provider === 'qbo')?.id ?? '';
  const env = {
    SANDBOX_URL: sandbox.url,
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: schema,
    LEDGERLENS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    QBO_REQUESTS_PER_MINUTE: String(LIMIT),
    PROXY_PROCESSES: '2',
  };
  a = await startTestProxy(env, { fetch: recordingFetch, sync: { schedulerTickMs: false } });
  b = await startTestProxy(env, { fetch: recordingFetch, sync: { schedulerTickMs: false } });
  const api: Api = await pair(a.proxy, 'Seat on A');
  const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
  expect((await fetch(await consent(authorizeUrl, { company: realmId }))).status).toBe(200);
  connectionId = await waitFor('the initial sync', async () => {
    await a.proxy.sync.idle();
    const [connection] = (await a.proxy.store.connections.list((await a.proxy.store.workspaces.ensureDefault(Date.now())).id)) ?? [];
    return connection?.status === 'connected' ? connection.id : undefined;
  });
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

describe('provider limits across two proxy processes on one PostgreSQL', () => {
  it('both processes pushing past the per-minute limit together never exceed it: no 429, no concurrency 403', async () => {
    const stop = new AbortController();
    const hammer = (proxy: typeof a.proxy) =>
      proxy.providers.qbo!.sync!.countRecords(
        { companyId: realmId, connectionId, accessToken: (rejected) => proxy.tokens.accessToken(connectionId, rejected) },
        'customer',
        { historicalFrom: null, signal: stop.signal },
      );
    let done = 0;
    const calls = Array.from({ length: PER_PROCESS * 2 }, (_, i) => hammer(i % 2 ? a.proxy : b.proxy).then(() => (done += 1)));
    const settled = Promise.allSettled(calls);

    // The window fills (the initial sync's calls count too), then the rest wait for it to slide.
    await waitFor('the minute budget to be spent', async () => (sent.length >= LIMIT ? true : undefined), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(sent.length).toBe(LIMIT);
    expect(done).toBeLessThan(PER_PROCESS * 2);
    expect(sent.filter((s) => s.status !== 200)).toEqual([]);
    expect(busiestMinute()).toBeLessThanOrEqual(LIMIT);

    stop.abort();
    const results = await settled;
    expect(results.filter((r) => r.status === 'rejected').length).toBe(PER_PROCESS * 2 - done);
  });
});
