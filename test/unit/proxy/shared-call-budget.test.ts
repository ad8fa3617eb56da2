import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../proxy-server/env';
import { createCompanyLimiter, reservationBatch, type LimiterTimers, type SharedCallBudget } from '../../../proxy-server/providers/limiter';
import { configuredLimits } from '../../../proxy-server/providers/shared-call-budget';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import { CALL_BUCKET_MS, bucketStartOf } from '../../../proxy-server/store/provider-calls';

/** Virtual time for the limiter (sleep resolves when the test advances past it). */
function fakeTimers(start: number) {
  let t = start;
  let sleepers: { until: number; resolve: () => void }[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => new Promise<void>((resolve) => sleepers.push({ until: t + ms, resolve })),
    random: () => 0.5,
    async advance(ms: number) {
      t += ms;
      const due = sleepers.filter((s) => s.until <= t);
      sleepers = sleepers.filter((s) => s.until > t);
      for (const s of due) s.resolve();
      await flush();
    },
  } satisfies LimiterTimers & { advance(ms: number): Promise<void> };
}
const flush = async () => {
  for (let i = 0; i < 2000; i += 1) await Promise.resolve();
};

/** The shared window in memory, with the same contract as the PostgreSQL one: what two processes would share. */
function memoryBudget(perMinute: number) {
  const buckets = new Map<number, number>();
  const log: { want: number; granted: number; gaveBack: number }[] = [];
  const budget: SharedCallBudget = {
    bucketMs: CALL_BUCKET_MS,
    async reserve({ now, want, giveBack }) {
      if (giveBack) buckets.set(giveBack.bucketStart, (buckets.get(giveBack.bucketStart) ?? 0) - giveBack.count);
      const bucketStart = bucketStartOf(now);
      const used = [...buckets].filter(([start]) => start > bucketStart - 14 * CALL_BUCKET_MS).reduce((n, [, c]) => n + c, 0);
      const granted = Math.max(0, Math.min(want, perMinute - used));
      buckets.set(bucketStart, (buckets.get(bucketStart) ?? 0) + granted);
      log.push({ want, granted, gaveBack: giveBack?.count ?? 0 });
      return { granted, bucketStart, dayExhausted: false };
    },
  };
  return { budget, log };
}

const T0 = Date.parse('2026-03-01T12:00:00Z');
const ok = async () => new Response('{}');

describe('limiter with a window shared by several processes', () => {
  it('two processes on one shared window together start no more than the per-minute limit, then resume as it slides', async () => {
    const timers = fakeTimers(T0);
    const { budget, log } = memoryBudget(60);
    const limits = { perMinute: 60, concurrent: 5, perDay: null };
    const [one, two] = [createCompanyLimiter(limits, timers, undefined, budget), createCompanyLimiter(limits, timers, undefined, budget)];
    let done = 0;
    const calls = Array.from({ length: 90 }, (_, i) => (i % 2 ? one : two).fetch(ok).then(() => (done += 1)));
    await flush();
    expect(done).toBe(60);
    // Reserved in batches (3 for 60/min), not one round trip per call.
    expect(log.filter((l) => l.granted > 0).length).toBe(20);
    await timers.advance(60_000);
    expect(done).toBe(60); // the window spans 65 s: a margin for clock skew and latency
    for (let i = 0; i < 4; i += 1) await timers.advance(CALL_BUCKET_MS);
    await Promise.all(calls);
    expect(done).toBe(90);
  });

  it('gives back the slots a process reserved but did not use, at its next reservation', async () => {
    const timers = fakeTimers(T0);
    const { budget, log } = memoryBudget(500);
    const limiter = createCompanyLimiter({ perMinute: 500, concurrent: 10, perDay: null }, timers, undefined, budget);
    await limiter.fetch(ok); // reserves a batch of 10, spends 1
    await timers.advance(CALL_BUCKET_MS);
    await limiter.fetch(ok);
    expect(reservationBatch(500)).toBe(10);
    expect(log.map((l) => [l.granted, l.gaveBack])).toEqual([
      [10, 0],
      [10, 9],
    ]);
  });

  it('refuses when the shared day budget is spent', async () => {
    const budget: SharedCallBudget = { bucketMs: CALL_BUCKET_MS, reserve: async ({ now }) => ({ granted: 0, bucketStart: bucketStartOf(now), dayExhausted: true }) };
    const limiter = createCompanyLimiter({ perMinute: 60, concurrent: 5, perDay: 5000 }, fakeTimers(T0), undefined, budget);
    await expect(limiter.fetch(ok)).rejects.toMatchObject({ kind: 'rate_limited' });
  });
});

describe('provider call windows in the store', () => {
  let store: Store;
  beforeAll(async () => {
    store = createStore(await openDb({ kind: 'pglite' }), createVault(randomBytes(32)));
  }, 60_000); // PGlite's first open is slow on a loaded machine
  afterAll(async () => store.close());
  const base = { provider: 'xero', perMinute: 10, perDay: 12 };

  it('grants at most the per-minute limit across reservers, takes back unused slots, and frees the window after 65 s', async () => {
    const at = { ...base, companyId: 'org-1', now: T0 };
    expect((await store.providerCalls.reserve({ ...at, want: 4 })).granted).toBe(4);
    expect((await store.providerCalls.reserve({ ...at, want: 4 })).granted).toBe(4);
    expect((await store.providerCalls.reserve({ ...at, now: T0 + 30_000, want: 4 })).granted).toBe(2);
    const full = await store.providerCalls.reserve({ ...at, now: T0 + 30_000, want: 4 });
    expect(full).toMatchObject({ granted: 0, dayExhausted: false });
    // Another company has its own window.
    expect((await store.providerCalls.reserve({ ...at, companyId: 'org-2', want: 4 })).granted).toBe(4);
    const back = await store.providerCalls.reserve({ ...at, now: T0 + 31_000, want: 1, giveBack: { bucketStart: bucketStartOf(T0), count: 3 } });
    expect(back.granted).toBe(1);
    expect((await store.providerCalls.reserve({ ...at, now: T0 + 60_000, want: 5 })).granted).toBe(2);
    expect((await store.providerCalls.reserve({ ...at, now: T0 + 66_000, want: 10 })).granted).toBe(0); // day: 12 spent
  });

  it('says when the day budget, not the minute, is what is spent', async () => {
    const at = { ...base, companyId: 'org-3', perDay: 3 };
    expect((await store.providerCalls.reserve({ ...at, now: T0, want: 3 })).granted).toBe(3);
    expect(await store.providerCalls.reserve({ ...at, now: T0 + 120_000, want: 1 })).toMatchObject({ granted: 0, dayExhausted: true });
    expect((await store.providerCalls.reserve({ ...at, now: T0 + 86_400_000, want: 1 })).granted).toBe(1);
  });
});

describe('configured limits', () => {
  it('lower (never raise) the published limits and divide concurrency among the processes', () => {
    const env = loadEnv({ XERO_REQUESTS_PER_DAY: '1000', QBO_REQUESTS_PER_MINUTE: '9999', PROXY_PROCESSES: '2' });
    expect(configuredLimits(env)('xero')).toEqual({ perMinute: 60, concurrent: 2, perDay: 1000 });
    expect(configuredLimits(env)('qbo')).toEqual({ perMinute: 500, concurrent: 5, perDay: null });
    expect(configuredLimits(loadEnv({}))('qbo')).toEqual({ perMinute: 500, concurrent: 10, perDay: null });
  });
});
