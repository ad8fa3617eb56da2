import { afterEach, describe, expect, it } from 'vitest';
import { XERO_STARTER_LIMITS } from '../../../proxy-server/sandbox/xero';
import { apiHeaders, firstTenant, startXeroHarness, type XeroHarness } from './xero-harness';

let harness: XeroHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function organisation(h: XeroHarness, headers: Record<string, string>) {
  return fetch(`${h.endpoints['apiBaseUrl']}/Organisation`, { headers });
}

describe('Xero API limits', () => {
  it('sends X-MinLimit-Remaining, X-DayLimit-Remaining and X-AppMinLimit-Remaining on every response', async () => {
    harness = await startXeroHarness();
    const headers = apiHeaders(harness, firstTenant(harness));
    const first = await organisation(harness, headers);
    expect(first.headers.get('x-minlimit-remaining')).toBe('59');
    expect(first.headers.get('x-daylimit-remaining')).toBe('4999');
    expect(first.headers.get('x-appminlimit-remaining')).toBe('9999');
    const second = await organisation(harness, headers);
    expect(second.headers.get('x-minlimit-remaining')).toBe('58');
  });

  it('the 61st call in a minute is 429 minute with Retry-After; after waiting it succeeds', async () => {
    harness = await startXeroHarness();
    const headers = apiHeaders(harness, firstTenant(harness));
    for (let i = 0; i < 60; i += 1) expect((await organisation(harness, headers)).status).toBe(200);
    const throttled = await organisation(harness, headers);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-rate-limit-problem')).toBe('minute');
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(61);
    harness.clock.advance(retryAfter);
    expect((await organisation(harness, headers)).status).toBe(200);
  });

  it('limits are per organisation', async () => {
    harness = await startXeroHarness({ limits: { perMinute: 2 } });
    const [nz, uk] = harness.emulator.companies();
    const nzHeaders = apiHeaders(harness, nz?.id ?? '');
    await organisation(harness, nzHeaders);
    await organisation(harness, nzHeaders);
    expect((await organisation(harness, nzHeaders)).status).toBe(429);
    expect((await organisation(harness, apiHeaders(harness, uk?.id ?? ''))).status).toBe(200);
  });

  it('the Starter tier day limit (1,000) gives 429 day with a long Retry-After', async () => {
    harness = await startXeroHarness({ limits: { ...XERO_STARTER_LIMITS, perMinute: 100_000 } });
    const headers = apiHeaders(harness, firstTenant(harness));
    let last: Response | undefined;
    for (let i = 0; i < 1000; i += 1) last = await organisation(harness, headers);
    expect(last?.headers.get('x-daylimit-remaining')).toBe('0');
    const throttled = await organisation(harness, headers);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('x-rate-limit-problem')).toBe('day');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(3600);
  });

  it('more than 5 calls in flight for one organisation get 429 concurrent', async () => {
    harness = await startXeroHarness();
    harness.emulator.setResponseDelay(150);
    const headers = apiHeaders(harness, firstTenant(harness));
    const h = harness;
    const responses = await Promise.all(Array.from({ length: 7 }, () => organisation(h, headers)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    const throttled = responses.filter((response) => response.status === 429);
    expect(throttled).toHaveLength(2);
    expect(throttled[0]?.headers.get('x-rate-limit-problem')).toBe('concurrent');
  });

  it('limits can be raised at run time', async () => {
    harness = await startXeroHarness({ limits: { perMinute: 1 } });
    const headers = apiHeaders(harness, firstTenant(harness));
    await organisation(harness, headers);
    expect((await organisation(harness, headers)).status).toBe(429);
    harness.emulator.setLimits({ perMinute: 1000 });
    expect((await organisation(harness, headers)).status).toBe(200);
  });
});
