import { describe, expect, it } from 'vitest';
import { createCompanyLimiter, MINUTE_WINDOW_MS, createLimiterRegistry, limitsOf, type LimiterTimers } from '../../../proxy-server/providers/limiter';

/** Virtual time: sleep() resolves only when the test advances the clock past its deadline. */
function fakeTimers(start = Date.parse('2026-03-01T12:00:00Z')) {
  let t = start;
  let sleepers: { until: number; resolve: () => void }[] = [];
  const timers: LimiterTimers & { advance(ms: number): Promise<void>; slept: number[] } = {
    slept: [],
    now: () => t,
    sleep(ms) {
      timers.slept.push(ms);
      return new Promise((resolve) => sleepers.push({ until: t + ms, resolve }));
    },
    random: () => 0.5,
    async advance(ms) {
      t += ms;
      const due = sleepers.filter((s) => s.until <= t);
      sleepers = sleepers.filter((s) => s.until > t);
      for (const s of due) s.resolve();
      await flush();
    },
  };
  return timers;
}

const flush = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

function deferred() {
  let resolve!: (r: Response) => void;
  const promise = new Promise<Response>((r) => (resolve = r));
  return { promise, resolve };
}

describe('company limiter', () => {
  it('keeps at most `concurrent` calls in flight and starts queued ones as others finish', async () => {
    const limiter = createCompanyLimiter({ perMinute: 500, concurrent: 10, perDay: null }, fakeTimers());
    const gates = Array.from({ length: 15 }, deferred);
    let running = 0;
    let peak = 0;
    const calls = gates.map((g) =>
      limiter.fetch(async () => {
        running += 1;
        peak = Math.max(peak, running);
        const r = await g.promise;
        running -= 1;
        return r;
      }),
    );
    await flush();
    expect(running).toBe(10);
    for (const g of gates) g.resolve(new Response('{}'));
    await Promise.all(calls);
    expect(peak).toBe(10);
  });

  it('spreads calls over the minute window (Xero: 60/min)', async () => {
    const timers = fakeTimers();
    const limiter = createCompanyLimiter({ perMinute: 5, concurrent: 5, perDay: null }, timers);
    let done = 0;
    const calls = Array.from({ length: 7 }, () => limiter.fetch(async () => new Response('{}')).then(() => (done += 1)));
    await flush();
    expect(done).toBe(5);
    // A call counts for a minute plus the margin for the provider's arrival-time buckets (MINUTE_WINDOW_MS).
    await timers.advance(MINUTE_WINDOW_MS - 1);
    expect(done).toBe(5);
    await timers.advance(1);
    await Promise.all(calls);
    expect(done).toBe(7);
  });

  it('counts a slow call from its answer: the provider may have counted it late, so the next waits a window from then', async () => {
    const timers = fakeTimers();
    const limiter = createCompanyLimiter({ perMinute: 1, concurrent: 5, perDay: null }, timers);
    const slow = deferred();
    const first = limiter.fetch(() => slow.promise);
    let secondDone = false;
    const second = limiter.fetch(async () => new Response('{}')).then(() => (secondDone = true));
    await timers.advance(10_000);
    slow.resolve(new Response('{}')); // answered 10 s after it started
    await first;
    // A window from the START would let the second call go at MINUTE_WINDOW_MS; from the answer it is 10 s later.
    await timers.advance(MINUTE_WINDOW_MS - 1);
    expect(secondDone).toBe(false);
    await timers.advance(10_000);
    await second;
    expect(secondDone).toBe(true);
  });

  it('honours Retry-After on 429: waits, pauses every caller of the company, retries, and meters each attempt', async () => {
    const timers = fakeTimers();
    const limiter = createCompanyLimiter({ perMinute: 500, concurrent: 10, perDay: null }, timers);
    const meter = { calls: 0 };
    let first = true;
    const throttled = limiter.fetch(async () => {
      if (first) {
        first = false;
        return new Response('slow down', { status: 429, headers: { 'Retry-After': '7' } });
      }
      return new Response('ok');
    }, { meter });
    await flush();
    let otherRan = false;
    const other = limiter.fetch(async () => {
      otherRan = true;
      return new Response('ok');
    });
    await flush();
    expect(otherRan).toBe(false); // the pause covers callers that arrive during it
    await timers.advance(7_000);
    expect((await throttled).status).toBe(200);
    await other;
    expect(otherRan).toBe(true);
    expect(meter.calls).toBe(2);
  });

  it('gives a 429 back when Retry-After is longer than it will wait (Xero daily limit)', async () => {
    const limiter = createCompanyLimiter({ perMinute: 60, concurrent: 5, perDay: 5000 }, fakeTimers());
    const res = await limiter.fetch(async () => new Response('', { status: 429, headers: { 'Retry-After': '36000' } }));
    expect(res.status).toBe(429);
  });

  it('backs off on 5xx with jitter, bounded, then returns the last response', async () => {
    const timers = fakeTimers();
    const limiter = createCompanyLimiter({ perMinute: 500, concurrent: 10, perDay: null }, timers);
    let attempts = 0;
    const call = limiter.fetch(async () => {
      attempts += 1;
      return new Response('', { status: 503 });
    });
    for (let i = 0; i < 5; i += 1) await timers.advance(10_000);
    expect((await call).status).toBe(503);
    expect(attempts).toBe(4);
    expect(timers.slept).toEqual([250, 500, 1000]); // base 500 ms doubling, times jitter 0.5
  });

  it('retries QBO 403 ThrottleExceeded (too many concurrent) but not other 403s', async () => {
    const timers = fakeTimers();
    const limiter = createCompanyLimiter({ perMinute: 500, concurrent: 10, perDay: null }, timers);
    let n = 0;
    const call = limiter.fetch(async () =>
      (n += 1) === 1 ? new Response('{"Fault":{"Error":[{"code":"3001"}],"type":"ThrottleExceeded"}}', { status: 403 }) : new Response('ok'),
    );
    await new Promise((r) => setTimeout(r, 10)); // reading the 403 body takes a few turns of the event loop
    await timers.advance(1_000);
    expect((await call).status).toBe(200);
    const forbidden = await limiter.fetch(async () => new Response('{"Fault":{"type":"AuthorizationFault"}}', { status: 403 }));
    expect(forbidden.status).toBe(403);
  });

  it('refuses once the daily budget is spent, with the seconds until it resets', async () => {
    const limiter = createCompanyLimiter({ perMinute: 100, concurrent: 5, perDay: 3 }, fakeTimers());
    for (let i = 0; i < 3; i += 1) await limiter.fetch(async () => new Response('ok'));
    await expect(limiter.fetch(async () => new Response('ok'))).rejects.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 12 * 3600 });
  });

  it('shares one limiter per company and takes the catalogue limits', () => {
    const registry = createLimiterRegistry({ timers: fakeTimers() });
    expect(registry.forCompany('qbo', 'r1')).toBe(registry.forCompany('qbo', 'r1'));
    expect(registry.forCompany('qbo', 'r1')).not.toBe(registry.forCompany('qbo', 'r2'));
    expect(limitsOf('qbo')).toEqual({ perMinute: 500, concurrent: 10, perDay: null });
    expect(limitsOf('xero')).toEqual({ perMinute: 60, concurrent: 5, perDay: 5000 });
  });
});
