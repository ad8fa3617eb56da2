import { describe, expect, it } from 'vitest';
import { createLimiterRegistry, type LimiterTimers } from '../../../proxy-server/providers/limiter';
import type { ApiAuth } from '../../../proxy-server/providers/provider-client';
import { createXeroGet } from '../../../proxy-server/providers/xero/xero-api';
import { xeroPages } from '../../../proxy-server/providers/xero/xero-paging';
import { XeroRateLimitError, readRateLimit, readRetryAfterSeconds, type XeroRateLimit } from '../../../proxy-server/providers/xero/xero-rate-limit';

/** A scripted fetch: each call takes the next response and records what was asked. */
function scripted(responses: (() => Response)[]) {
  const calls: { url: URL; headers: Record<string, string> }[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: new URL(String(input)), headers: { ...(init?.headers as Record<string, string>) } });
    const next = responses.shift();
    if (!next) throw new Error('unexpected call');
    return next();
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => () =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function fakeTimers(): LimiterTimers {
  let now = 1_700_000_000_000;
  return { now: () => now, sleep: async (ms) => void (now += ms), random: () => 0 };
}

function auth(tokens: string[] = ['t1', 't2']): ApiAuth & { asked: (string | undefined)[] } {
  const asked: (string | undefined)[] = [];
  let i = 0;
  return {
    companyId: 'tenant-1',
    connectionId: 'conn-1',
    meter: { calls: 0 },
    asked,
    accessToken: async (rejected) => {
      asked.push(rejected);
      if (rejected) i += 1;
      return tokens[i] ?? 'none';
    },
  };
}

function client(responses: (() => Response)[], onRateLimit?: (tenant: string, info: XeroRateLimit) => void) {
  const { fetchImpl, calls } = scripted(responses);
  const getJson = createXeroGet({
    apiBaseUrl: 'https://api.example/api.xro/2.0/',
    limiters: createLimiterRegistry({ timers: fakeTimers() }),
    clock: { now: () => 1_700_000_000_000 },
    fetch: fetchImpl,
    onRateLimit,
  });
  return { getJson, calls };
}

describe('Xero API reads', () => {
  it('sends the tenant header, bearer token and If-Modified-Since; reports limit headers', async () => {
    const seen: XeroRateLimit[] = [];
    const { getJson, calls } = client(
      [json({ Contacts: [] }, 200, { 'X-MinLimit-Remaining': '59', 'X-DayLimit-Remaining': '4999', 'X-AppMinLimit-Remaining': '9999' })],
      (_t, info) => seen.push(info),
    );
    const result = await getJson(auth(), 'Contacts', { query: { page: 1, includeArchived: true, skip: undefined }, modifiedSince: Date.UTC(2024, 0, 2, 3, 4, 5, 678) });
    expect(calls[0]?.url.toString()).toBe('https://api.example/api.xro/2.0/Contacts?page=1&includeArchived=true');
    expect(calls[0]?.headers).toMatchObject({ Authorization: 'Bearer t1', 'xero-tenant-id': 'tenant-1', 'If-Modified-Since': '2024-01-02T03:04:05' });
    expect(result.rateLimit).toEqual({ minuteRemaining: 59, dayRemaining: 4999, appMinuteRemaining: 9999 });
    expect(seen).toEqual([result.rateLimit]);
  });

  it('401 → one refresh (rejected = the old token) and a retry', async () => {
    const a = auth();
    const { getJson, calls } = client([json({ Title: 'Unauthorized', Detail: 'TokenExpired: token expired' }, 401), json({ Items: [] })]);
    await getJson(a, 'Items');
    expect(a.asked).toEqual([undefined, 't1']);
    expect(calls[1]?.headers['Authorization']).toBe('Bearer t2');
  });

  it('401 twice → unauthorized; missing scope → rejected with a reconnect hint', async () => {
    const twice = client([json({}, 401), json({}, 401)]);
    await expect(twice.getJson(auth(), 'Items')).rejects.toMatchObject({ kind: 'unauthorized' });
    const scope = client([json({ Detail: 'AuthorizationUnsuccessful' }, 401), json({ Detail: 'AuthorizationUnsuccessful' }, 401)]);
    await expect(scope.getJson(auth(), 'Organisation')).rejects.toMatchObject({ kind: 'rejected', message: expect.stringContaining('reconnect') });
  });

  it('403 is a typed "organisation disconnected"', async () => {
    const { getJson } = client([json({ Title: 'Forbidden', Detail: 'AuthenticationUnsuccessful' }, 403)]);
    await expect(getJson(auth(), 'Contacts')).rejects.toMatchObject({ name: 'XeroTenantDisconnectedError', kind: 'unauthorized', tenantId: 'tenant-1' });
  });

  it('a daily-limit 429 (hours of Retry-After) is not waited out: typed error with problem and remaining counts', async () => {
    const a = auth();
    const { getJson, calls } = client([
      () => new Response('', { status: 429, headers: { 'Retry-After': '36000', 'X-Rate-Limit-Problem': 'day', 'X-DayLimit-Remaining': '0', 'X-MinLimit-Remaining': '58' } }),
    ]);
    const error = await getJson(a, 'Invoices').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(XeroRateLimitError);
    expect(error).toMatchObject({ kind: 'rate_limited', problem: 'day', retryAfterSeconds: 36000, limits: { dayRemaining: 0, minuteRemaining: 58 } });
    expect(calls).toHaveLength(1);
    expect(a.meter?.calls).toBe(1);
  });

  it('a minute 429 is waited out by the limiter and retried', async () => {
    const { getJson, calls } = client([
      () => new Response('', { status: 429, headers: { 'Retry-After': '5', 'X-Rate-Limit-Problem': 'minute' } }),
      json({ Items: [{ ItemID: 'x' }] }),
    ]);
    expect((await getJson(auth(), 'Items')).body).toEqual({ Items: [{ ItemID: 'x' }] });
    expect(calls).toHaveLength(2);
  });

  it('304 is "nothing changed"; 400 carries the validation message; 5xx is unavailable; junk is malformed', async () => {
    expect((await client([() => new Response(null, { status: 304 })]).getJson(auth(), 'Contacts')).body).toBeNull();
    const validation = { ErrorNumber: 10, Type: 'ValidationException', Elements: [{ ValidationErrors: [{ Message: 'The contact name Foo is already assigned to another contact.' }] }] };
    await expect(client([json(validation, 400)]).getJson(auth(), 'Contacts')).rejects.toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('already assigned'),
    });
    await expect(client([json({}, 503), json({}, 503), json({}, 503), json({}, 503)]).getJson(auth(), 'Contacts')).rejects.toMatchObject({ kind: 'unavailable' });
    await expect(client([() => new Response('<html>', { status: 200 })]).getJson(auth(), 'Contacts')).rejects.toMatchObject({ kind: 'malformed_response' });
  });
});

describe('xeroPages', () => {
  it('follows the pagination block to the last page', async () => {
    const page = (n: number, count: number) => json({ pagination: { page: n, pageSize: 2, pageCount: 3, itemCount: 5 }, Contacts: Array.from({ length: count }, (_, i) => ({ i })) });
    const { getJson, calls } = client([page(1, 2), page(2, 2), page(3, 1)]);
    const pages = [];
    for await (const p of xeroPages(getJson, auth(), { resource: 'Contacts', collection: 'Contacts', pageSize: 2 })) pages.push(p.records.length);
    expect(pages).toEqual([2, 2, 1]);
    expect(calls.map((c) => c.url.searchParams.get('page'))).toEqual(['1', '2', '3']);
    expect(calls[0]?.url.searchParams.get('pageSize')).toBe('2');
  });

  it('reads pages ahead once the page count is known, yields them in order, and asks for no page past the last', async () => {
    let inFlight = 0;
    let most = 0;
    const asked: number[] = [];
    const getJson: Parameters<typeof xeroPages>[0] = async (_auth, _resource, options) => {
      const n = Number(options?.query?.page);
      asked.push(n);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, (7 - n) * 3)); // later pages answer first
      inFlight -= 1;
      return { body: { pagination: { page: n, pageSize: 2, pageCount: 6, itemCount: 11 }, Contacts: [{ n }, { n }] }, rateLimit: null };
    };
    const pages = [];
    for await (const p of xeroPages(getJson, auth(), { resource: 'Contacts', collection: 'Contacts', pageSize: 2 }, 3)) pages.push(p.page);
    expect(pages).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...asked].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('without a pagination block, a short page ends it (Quotes: no pageSize sent, 100 per page)', async () => {
    const full = json({ Quotes: Array.from({ length: 100 }, () => ({})) });
    const { getJson, calls } = client([full, json({ Quotes: [{}] })]);
    const sizes = [];
    for await (const p of xeroPages(getJson, auth(), { resource: 'Quotes', collection: 'Quotes', pageSize: null })) sizes.push(p.records.length);
    expect(sizes).toEqual([100, 1]);
    expect(calls[0]?.url.searchParams.has('pageSize')).toBe(false);
  });

  it('unpaged endpoints are read once; a missing collection is malformed', async () => {
    const { getJson, calls } = client([json({ Items: [{}, {}] })]);
    const pages = [];
    for await (const p of xeroPages(getJson, auth(), { resource: 'Items', collection: 'Items' })) pages.push(p);
    expect(pages).toHaveLength(1);
    expect(calls[0]?.url.searchParams.has('page')).toBe(false);
    const broken = client([json({ Nope: [] })]);
    const iterator = xeroPages(broken.getJson, auth(), { resource: 'Items', collection: 'Items' });
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'malformed_response' });
  });
});

describe('rate-limit headers', () => {
  it('reads counts, ignores junk, parses Retry-After as seconds or a date', () => {
    expect(readRateLimit(new Headers())).toBeNull();
    expect(readRateLimit(new Headers({ 'X-MinLimit-Remaining': 'lots', 'X-DayLimit-Remaining': '7' }))).toEqual({ minuteRemaining: null, dayRemaining: 7, appMinuteRemaining: null });
    expect(readRetryAfterSeconds(new Headers({ 'Retry-After': '2.5' }), 0)).toBe(3);
    expect(readRetryAfterSeconds(new Headers({ 'Retry-After': new Date(30_000).toUTCString() }), 0)).toBe(30);
    expect(readRetryAfterSeconds(new Headers(), 0)).toBe(60);
  });
});
