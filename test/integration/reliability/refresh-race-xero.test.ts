import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeResponseSchema } from '../../../lib/proxy-api';
import { SANDBOX_XERO_CLIENT } from '../../../proxy-server/env';
import { PROVIDER_CATALOGUE, type ProviderEndpoints } from '../../../proxy-server/providers/catalogue';
import { createLimiterRegistry } from '../../../proxy-server/providers/limiter';
import { createXeroProvider } from '../../../proxy-server/providers/xero/xero-provider';
import { systemClock } from '../../../proxy-server/clock';
import type { XeroEmulator } from '../../../proxy-server/sandbox/xero';
import { Api, connections, pair, startTestProxy, waitFor } from '../proxy/helpers';
import { control, startCountingSandbox, type CountingSandbox } from './support';

/**
 * Issue 7 item 1, Xero (QBO's twin is test/integration/proxy/multi-process.test.ts): two proxies (two startProxy
 * instances = separate pools, buses and single-flight maps, as two processes behind a load balancer) on one
 * PostgreSQL schema; the sandbox clock jumps past the 30-minute access token; 100 provider calls at once, half through
 * each proxy's token service → exactly ONE refresh_token grant reaches the sandbox's token endpoint (counted at the
 * sandbox's listener), no call fails (no invalid_grant), the connection stays `connected`.
 *
 * The 100 calls go through a Xero client with lifted limits (the product's per-company limiter allows 60 calls a
 * minute and 5 at once, which would serialise the race away); the tokens come from each proxy's real token service,
 * and the refresh is made by each proxy's own Xero client.
 */
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ll_rr_${randomBytes(6).toString('hex')}`;
let sandbox: CountingSandbox;
let a: Awaited<ReturnType<typeof startTestProxy>>;
let b: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let tenantId: string;
let connectionId: string;
let endpoints: ProviderEndpoints;

beforeAll(async () => {
  const probe = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  await probe.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${PG_URL} (${error.message}); see test/integration/proxy/store.test.ts.`);
  });
  await probe.end();
  sandbox = await startCountingSandbox();
  await control(sandbox.url, 'POST', 'reset', { provider: 'xero', customers: 6, invoices: 6 });
  (sandbox.emulators.find((e) => e.provider === 'xero') as XeroEmulator).setLimits({ perMinute: 100_000, concurrent: 1000, perDay: 100_000, appPerMinute: 100_000 });
  endpoints = (await control<{ xero: ProviderEndpoints }>(sandbox.url, 'GET', 'endpoints')).xero;
  const companies = await control<{ provider: string; id: string }[]>(sandbox.url, 'GET', 'companies');
  tenantId = companies.find((c) => c.provider === 'xero')?.id ?? '';
  const env = {
    SANDBOX_URL: sandbox.url,
    DATABASE_URL: PG_URL,
    DATABASE_SCHEMA: schema,
    LEDGERLENS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  a = await startTestProxy(env, { sync: { schedulerTickMs: false } });
  b = await startTestProxy(env, { sync: { schedulerTickMs: false } });
  api = await pair(a.proxy, 'Seat on A');

  const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'xero' }));
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.append('company', tenantId);
  form.set('decision', 'allow');
  const consented = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(consented.status).toBe(302);
  const landing = await fetch(consented.headers.get('location') ?? '');
  expect(landing.status, await landing.text()).toBe(200);
  const connected = await waitFor(
    'the Xero connection',
    async () => {
      await a.proxy.sync.idle();
      const c = (await connections(api)).find((x) => x.provider === 'xero' && x.companyId === tenantId);
      return c?.status === 'connected' ? c : undefined;
    },
    45_000,
  );
  connectionId = connected.id;
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

describe('Xero refresh race across two proxies on one PostgreSQL', () => {
  it('100 concurrent provider calls at token expiry (sandbox clock +1900 s) → one refresh at the sandbox, no invalid_grant', async () => {
    const before = await a.proxy.store.connections.getTokens(connectionId);
    expect(before).toBeTruthy();
    const refreshesBefore = sandbox.refreshes.xero;
    await control(sandbox.url, 'POST', 'clock', { advanceSeconds: 1900 });

    // A caller-side client with lifted limits: the race is about the token service, not the limiter.
    const caller = createXeroProvider({
      ...SANDBOX_XERO_CLIENT,
      redirectUri: `${a.proxy.url}/oauth/xero/callback`,
      endpoints,
      scopes: PROVIDER_CATALOGUE.xero.scopes,
      clock: systemClock,
      limiters: createLimiterRegistry({ limitsFor: () => ({ perMinute: 100_000, concurrent: 1000, perDay: null }) }),
    });
    const call = (proxy: typeof a.proxy) =>
      caller.companyInfo({ companyId: tenantId, connectionId, accessToken: (rejected) => proxy.tokens.accessToken(connectionId, rejected) });
    const results = await Promise.allSettled(Array.from({ length: 100 }, (_, i) => call(i % 2 ? a.proxy : b.proxy)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
    const refreshes = sandbox.refreshes.xero - refreshesBefore;
    console.info(`[reliability 1 xero] 100 calls, ${failures.length} failures, ${refreshes} refresh(es) at the sandbox`);
    expect(failures).toEqual([]);
    expect(results.every((r) => r.status === 'fulfilled' && r.value.id === tenantId)).toBe(true);
    expect(refreshes).toBe(1);

    const after = await b.proxy.store.connections.getTokens(connectionId);
    expect(after?.version).toBe((before?.version ?? 0) + 1);
    expect(after?.tokens.refreshToken).not.toBe(before?.tokens.refreshToken);
    const connection = (await connections(new Api(b.proxy.url, api.token))).find((c) => c.id === connectionId);
    expect(connection?.status, connection?.statusMessage ?? '').toBe('connected');
  });
});
