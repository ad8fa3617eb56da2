import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../proxy-server/clock';
import type { ProviderEndpoints } from '../../../proxy-server/providers/catalogue';
import { createLimiterRegistry, type LimiterTimers } from '../../../proxy-server/providers/limiter';
import { ProviderError, type ApiAuth, type ProviderTokens } from '../../../proxy-server/providers/provider-client';
import { createXeroClient } from '../../../proxy-server/providers/xero/xero-client';
import type { XeroGrant, XeroProviderClient } from '../../../proxy-server/providers/xero/xero-provider-client';
import { XeroRateLimitError, type XeroRateLimit } from '../../../proxy-server/providers/xero/xero-rate-limit';
import { XERO_GRANULAR_SCOPES } from '../../../proxy-server/providers/xero/xero-scopes';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';

/**
 * The Xero client against the sandbox over real HTTP, configured only through the sandbox's control API (the same
 * way the proxy is): consent for two organisations → exchange → tenants → paged reads → rotation with grace → revoke.
 */
const REDIRECT_URI = 'http://127.0.0.1:9/oauth/xero/callback';

let sandbox: RunningSandbox;
let endpoints: ProviderEndpoints;
let tenantIds: string[];
let client: XeroProviderClient;
const rateLimits: XeroRateLimit[] = [];

async function control<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** Submits the sandbox consent form as a browser would: hidden original params + the chosen organisations. */
async function consent(authorizeUrl: string, companies: string[]): Promise<URL> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  for (const id of companies) form.append('company', id);
  form.set('decision', 'allow');
  const response = await fetch(`${url.origin}${url.pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

function authFor(companyId: string, tokens: () => ProviderTokens): ApiAuth {
  return { companyId, connectionId: `conn-${companyId}`, accessToken: async () => tokens().accessToken, meter: { calls: 0 } };
}

async function sandboxContactIds(tenantId: string): Promise<string[]> {
  const { access_token } = await control<{ access_token: string }>('token', { provider: 'xero', companyId: tenantId });
  const ids: string[] = [];
  for (let page = 1; ; page += 1) {
    const response = await fetch(`${endpoints.apiBaseUrl}/Contacts?page=${page}&pageSize=100&includeArchived=true`, {
      headers: { Authorization: `Bearer ${access_token}`, 'xero-tenant-id': tenantId, Accept: 'application/json' },
    });
    const body = (await response.json()) as { Contacts: { ContactID: string }[] };
    ids.push(...body.Contacts.map((c) => c.ContactID));
    if (body.Contacts.length < 100) return ids;
  }
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  endpoints = (await control<{ xero: ProviderEndpoints }>('endpoints')).xero;
  const companies = await control<{ provider: string; id: string }[]>('companies');
  tenantIds = companies.filter((c) => c.provider === 'xero').map((c) => c.id);
  expect(tenantIds.length).toBeGreaterThanOrEqual(2);
  client = createXeroClient({
    clientId: 'sandbox-xero-client',
    clientSecret: 'sandbox-xero-secret',
    redirectUri: REDIRECT_URI,
    endpoints,
    scopes: XERO_GRANULAR_SCOPES,
    clock: systemClock,
    onRateLimit: (_tenant, info) => rateLimits.push(info),
  });
});

afterAll(async () => {
  await sandbox?.close();
});

describe('Xero client against the sandbox', () => {
  let grant: XeroGrant;
  let tokens: ProviderTokens;
  const [first, second] = [() => tenantIds[0] as string, () => tenantIds[1] as string];

  it('builds the consent URL from the configured authorize endpoint, with the scopes and state', () => {
    const url = new URL(client.authorizeUrl('state-abc'));
    expect(`${url.origin}${url.pathname}`).toBe(endpoints.authorizeUrl);
    expect(url.searchParams.get('client_id')).toBe('sandbox-xero-client');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('state')).toBe('state-abc');
    expect(url.searchParams.get('scope')?.split(' ')).toEqual([...XERO_GRANULAR_SCOPES]);
  });

  it('one consent for two organisations → exchange → both tenants, and only those of this consent', async () => {
    // An earlier consent for the first organisation alone must not leak into the second consent's tenants.
    await client.exchangeCode(await consent(client.authorizeUrl('s0'), [first()]));
    const callback = await consent(client.authorizeUrl('s1'), [first(), second()]);
    expect(callback.searchParams.get('state')).toBe('s1');
    grant = await client.exchangeCode(callback);
    tokens = grant.tokens;
    expect(grant.companyIds.sort()).toEqual([first(), second()].sort());
    expect(grant.tenants.map((t) => t.tenantId).sort()).toEqual([first(), second()].sort());
    expect(grant.tenants.every((t) => t.tenantName.length > 0 && t.connectionId.length > 0 && t.authEventId === grant.authEventId)).toBe(true);
    expect(tokens.refreshToken).toBeTruthy();
    expect(tokens.accessExpiresAt - Date.now()).toBeGreaterThan(25 * 60_000);

    const listed = await client.listTenants({ accessToken: async () => tokens.accessToken }, { authEventId: grant.authEventId });
    expect(listed.map((t) => t.tenantId).sort()).toEqual([first(), second()].sort());
  });

  it('a cancelled consent is a clear error', async () => {
    await expect(client.exchangeCode(new URL(`${REDIRECT_URI}?error=access_denied&state=x`))).rejects.toMatchObject({ kind: 'rejected' });
  });

  it('reads the organisation (name, base currency, ShortCode) and links with the ShortCode', async () => {
    const org = await client.organisation(authFor(first(), () => tokens));
    const sandboxCompany = (await control<{ id: string; name: string; currency: string }[]>('companies')).find((c) => c.id === first());
    expect(org.name).toBe(sandboxCompany?.name);
    expect(org.baseCurrency).toBe(sandboxCompany?.currency);
    expect(org.shortCode).toMatch(/^!/);
    const info = await client.companyInfo(authFor(first(), () => tokens));
    expect(info).toEqual({ id: first(), name: org.name, currency: org.baseCurrency, shortCode: org.shortCode });
    const link = client.deepLink(first(), 'customer', 'abc');
    expect(link).toBe(`${endpoints.appBaseUrl}/organisationlogin/default.aspx?shortcode=${encodeURIComponent(org.shortCode ?? '')}&redirecturl=/Contacts/View/abc`);
  });

  it("paged contacts of one tenant equal the sandbox's own, and the deep link opens the contact", async () => {
    const auth = authFor(first(), () => tokens);
    const small = createXeroClient({
      clientId: 'sandbox-xero-client',
      clientSecret: 'sandbox-xero-secret',
      redirectUri: REDIRECT_URI,
      endpoints,
      clock: systemClock,
      pageSize: 7, // several pages from the seed
    });
    const seen = new Set<string>();
    let pages = 0;
    for await (const page of small.listContacts(auth)) {
      pages += 1;
      for (const c of page.customers) seen.add(c.id);
      for (const v of page.vendors) seen.add(v.id);
      for (const s of page.skipped) if (s.providerId) seen.add(s.providerId);
      for (const d of page.deleted) seen.add(d);
    }
    const expected = await sandboxContactIds(first());
    expect(pages).toBeGreaterThan(1);
    expect([...seen].sort()).toEqual([...expected].sort());

    const customers = [];
    for await (const page of client.listCustomers(auth, { homeCurrency: null })) customers.push(...page.customers);
    expect(customers.length).toBeGreaterThan(0);
    expect(customers.every((c) => c.provider === 'xero' && c.companyId === first() && /^-?\d+(\.\d+)?$/.test(c.balance))).toBe(true);
    const page = await fetch(customers[0]?.webUrl ?? '', { redirect: 'follow' });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(customers[0]?.displayName.replace(/&/g, '&amp;') ?? '');
    expect(rateLimits.at(-1)?.minuteRemaining).toEqual(expect.any(Number));
  });

  it('reads invoices (with lines), quotes, payments, credit notes and items', async () => {
    const auth = authFor(first(), () => tokens);
    const collect = async <T>(pages: AsyncIterable<{ records: T[]; skipped: unknown[] }>) => {
      const records: T[] = [];
      const skipped: unknown[] = [];
      for await (const page of pages) {
        records.push(...page.records);
        skipped.push(...page.skipped);
      }
      return { records, skipped };
    };
    const invoices = await collect(client.listInvoices(auth));
    expect(invoices.records.length).toBeGreaterThan(0);
    expect(invoices.skipped).toEqual([]);
    expect(invoices.records.some((i) => i.lines.length > 0)).toBe(true);
    const quotes = await collect(client.listQuotes(auth));
    const payments = await collect(client.listPayments(auth));
    const credits = await collect(client.listCreditNotes(auth));
    const items = await collect(client.listItems(auth));
    for (const result of [quotes, payments, credits, items]) expect(result.skipped).toEqual([]);
    expect(items.records.length).toBeGreaterThan(0);
    expect(payments.records.every((p) => p.appliedTo.length === 1)).toBe(true);

    // If-Modified-Since in the future: nothing changed since.
    const none = await collect(client.listInvoices(auth, { modifiedSince: Date.now() + 86_400_000 * 365 }));
    expect(none.records).toEqual([]);
  });

  it('refresh after 1900 s rotates the refresh token; the old one still works within the grace', async () => {
    await control('clock', { advanceSeconds: 1900 });
    const old = tokens;
    // The access token is now expired at the sandbox: the client asks for a fresh one (rejected = the old one).
    let rejected: string | undefined;
    const expiring: ApiAuth = {
      companyId: first(),
      connectionId: 'conn',
      accessToken: async (r) => {
        if (r) rejected = r;
        return r ? (await client.refresh(old)).accessToken : old.accessToken;
      },
    };
    const fresh = await client.refresh(old);
    expect(fresh.refreshToken).not.toBe(old.refreshToken);
    expect(fresh.accessToken).not.toBe(old.accessToken);
    const again = await client.refresh(old); // grace: the old refresh token gives the same new pair
    expect(again.refreshToken).toBe(fresh.refreshToken);
    tokens = fresh;

    const org = await client.organisation({ ...expiring, companyId: second() });
    expect(org.name.length).toBeGreaterThan(0);
    expect(rejected).toBe(old.accessToken);
  });

  it('disconnects one tenant without ending the grant', async () => {
    const auth = authFor(second(), () => tokens);
    await client.disconnectTenant(auth);
    const left = await client.listTenants({ accessToken: async () => tokens.accessToken }, { authEventId: grant.authEventId });
    expect(left.map((t) => t.tenantId)).toEqual([first()]);
    // Reading the disconnected organisation is a typed "disconnected at the provider".
    const contacts = client.listContacts(auth, { organisation: { shortCode: null, baseCurrency: 'USD' } });
    await expect(contacts[Symbol.asyncIterator]().next()).rejects.toMatchObject({ name: 'XeroTenantDisconnectedError', kind: 'unauthorized' });
  });

  it('revoke → API calls and refresh fail', async () => {
    await client.revoke(tokens);
    const auth = authFor(first(), () => tokens);
    const pages = client.listInvoices(auth, { organisation: { shortCode: null, baseCurrency: 'USD' } });
    const failure = await pages[Symbol.asyncIterator]().next().then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as ProviderError).kind).toBe('unauthorized');
    await expect(client.refresh(tokens)).rejects.toMatchObject({ kind: 'invalid_grant' });
  });
});

describe('Xero client rate limits against the sandbox', () => {
  it('a 429 that outlasts the retries becomes a typed XeroRateLimitError with Retry-After', async () => {
    const callback = await consent(client.authorizeUrl('s2'), [tenantIds[0] as string]);
    const grant = await client.exchangeCode(callback);
    // Virtual time, so the limiter "waits" Retry-After (60 s) without the test waiting.
    let now = Date.now();
    const timers: LimiterTimers = { now: () => now, sleep: async (ms) => void (now += ms), random: () => 0 };
    const limited = createXeroClient({
      clientId: 'sandbox-xero-client',
      clientSecret: 'sandbox-xero-secret',
      redirectUri: REDIRECT_URI,
      endpoints,
      clock: systemClock,
      limiters: createLimiterRegistry({ timers }),
    });
    const auth = authFor(tenantIds[0] as string, () => grant.tokens);
    await control('faults', { provider: 'xero', route: 'Items', kind: '429', count: 10 });
    const failure = await limited.listItems(auth, { organisation: { shortCode: null, baseCurrency: 'USD' } })[Symbol.asyncIterator]().next().then(
      () => null,
      (error: unknown) => error,
    );
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: 'DELETE' });
    expect(failure).toBeInstanceOf(XeroRateLimitError);
    expect(failure).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 60 });
    expect(auth.meter?.calls).toBe(4); // the limiter's attempts, each counted

    // With one 429 only, the limiter waits it out and the read succeeds.
    await control('faults', { provider: 'xero', route: 'Items', kind: '429', count: 1 });
    const items = await limited.listItems(auth, { organisation: { shortCode: null, baseCurrency: 'USD' } })[Symbol.asyncIterator]().next();
    expect(items.done).toBe(false);
  });
});
