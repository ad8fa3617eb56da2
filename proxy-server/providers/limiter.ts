import type { Provider } from '../../lib/model';
import { PROVIDER_CATALOGUE } from './catalogue';
import { ProviderError } from './provider-client';

/**
 * Per-company provider limiter (issue 4 §4; limits in api-facts.md "Rate limits"): a sliding one-minute window,
 * a concurrency cap, an optional daily budget, and a company-wide pause when the provider answers 429. Every
 * caller of one company in this process shares one limiter (sync, webhooks, actions), so a burst from one cannot
 * push the company over the provider's limit for the others.
 *
 * Across processes (several proxies on one PostgreSQL) the minute window and the daily budget are ALSO counted in
 * the database (`SharedCallBudget`, store/provider-calls.ts): each process reserves a few calls at a time there and
 * spends them locally, so N proxies together stay under the provider's limit. Concurrency stays per process — a
 * shared in-flight count would cost two round trips per call and leak slots when a process dies — so each process
 * takes its share of the company's concurrency (`processShare`, PROXY_PROCESSES); a provider's concurrency refusal
 * (QBO 403 ThrottleExceeded, Xero 429 concurrent) is retried here anyway. The provider's 429 + Retry-After remains
 * the last line, which is why honouring it is not optional.
 */
export interface LimiterTimers {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** [0, 1): jitter source, injectable so tests are deterministic. */
  random(): number;
}

export const realTimers: LimiterTimers = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

export interface CompanyLimits {
  perMinute: number;
  concurrent: number;
  /** Calls per UTC day, or null when the provider has no daily cap. */
  perDay: number | null;
}

export interface RetryPolicy {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** A Retry-After longer than this is not waited out: the caller gets the 429 (Xero's daily limit says hours). */
  maxRetryAfterMs: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, maxRetryAfterMs: 120_000, baseBackoffMs: 500, maxBackoffMs: 10_000 };

/** Counts attempts that reached the provider, for the sync log's "calls spent". */
export interface CallMeter {
  calls: number;
}

export interface CompanyLimiter {
  /**
   * Runs `attempt` under the company's limits. 429 → waits Retry-After (pausing every caller of the company) and
   * retries; 5xx, QBO's 403 ThrottleExceeded and network errors → exponential backoff with full jitter. Bounded by
   * the retry policy; after that the last response is returned (or the network error rethrown) for the client to map.
   */
  fetch(attempt: () => Promise<Response>, options?: { meter?: CallMeter | undefined; signal?: AbortSignal | undefined }): Promise<Response>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function retryAfterMs(response: Response, now: number): number | null {
  const header = response.headers.get('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** QBO answers 403 (not 429) when more than 10 requests of one realm run at once (sandbox/qbo/throttle.ts). */
async function isThrottle403(response: Response): Promise<boolean> {
  if (response.status !== 403) return false;
  const text = await response.clone().text().catch(() => '');
  return /ThrottleExceeded|"code"\s*:\s*"3001"/i.test(text);
}

/**
 * One company's window shared with the other proxy processes. `reserve` grants up to `want` calls that must start
 * within the bucket it names (before bucketStart + bucketMs); `giveBack` returns the previous grant's unused slots.
 */
export interface SharedCallBudget {
  readonly bucketMs: number;
  reserve(request: {
    now: number;
    want: number;
    giveBack: { bucketStart: number; count: number } | null;
  }): Promise<{ granted: number; bucketStart: number; dayExhausted: boolean }>;
}

/** Calls reserved per round trip: a few, so a burst costs one query per batch yet an idle process holds little. */
/**
 * How long a call counts against the minute limit here, from when its answer ARRIVED (see `recount`). The provider
 * counts a call when the request reaches it, which is no later than its answer reaches us, but in coarse buckets
 * (Xero's rolling minute moves a second at a time): a call let through exactly 60 s after the oldest one's start
 * drew 429s with a 60 s Retry-After in the P3 bench (docs/PERFORMANCE.md), far dearer than waiting for one bucket
 * more. Counting from the answer also covers transit and a provider slow to accept the request.
 */
export const MINUTE_WINDOW_MS = 60_000 + 1_100;

export function reservationBatch(perMinute: number): number {
  return Math.max(1, Math.min(10, Math.floor(perMinute / 20)));
}

const dayBudgetSpent = (now: number) =>
  new ProviderError(
    'rate_limited',
    'The daily API budget for this company is spent; syncing resumes tomorrow (UTC).',
    Math.ceil(((Math.floor(now / DAY_MS) + 1) * DAY_MS - now) / 1000),
  );

export function createCompanyLimiter(
  limits: CompanyLimits,
  timers: LimiterTimers = realTimers,
  retry: RetryPolicy = DEFAULT_RETRY,
  shared?: SharedCallBudget,
): CompanyLimiter {
  const starts: number[] = []; // within the window, ascending: a call's start while in flight, then its answer's time
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  let pausedUntil = 0;
  let day = Math.floor(timers.now() / DAY_MS);
  let dayCount = 0;
  /** Calls reserved in the shared window and not yet spent; valid until their bucket ends. */
  let held = { bucketStart: -1, left: 0 };
  /** Single flight: one reservation round trip per process at a time; other callers wait for it. */
  let reserving: Promise<number> | null = null;

  /** Refills `held` from the shared budget; resolves to how long to wait when nothing was granted (0 = go on). */
  function refill(now: number): Promise<number> {
    reserving ??= (async () => {
      const budget = shared as SharedCallBudget;
      const stale = held.left > 0 ? { bucketStart: held.bucketStart, count: held.left } : null;
      held = { bucketStart: -1, left: 0 };
      const grant = await budget.reserve({ now, want: reservationBatch(limits.perMinute), giveBack: stale });
      if (grant.granted > 0) {
        held = { bucketStart: grant.bucketStart, left: grant.granted };
        return 0;
      }
      if (grant.dayExhausted) throw dayBudgetSpent(now);
      return Math.max(1, grant.bucketStart + budget.bucketMs - now); // room frees up bucket by bucket
    })().finally(() => {
      reserving = null;
    });
    return reserving;
  }

  /** Returns the call's start time, as entered in the window. */
  async function acquire(signal: AbortSignal | undefined): Promise<number> {
    for (;;) {
      signal?.throwIfAborted();
      const now = timers.now();
      if (pausedUntil > now) {
        await timers.sleep(pausedUntil - now);
        continue;
      }
      if (inFlight >= limits.concurrent) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        continue;
      }
      while (starts.length > 0 && (starts[0] as number) <= now - MINUTE_WINDOW_MS) starts.shift();
      if (starts.length >= limits.perMinute) {
        await timers.sleep((starts[0] as number) + MINUTE_WINDOW_MS - now);
        continue;
      }
      const today = Math.floor(now / DAY_MS);
      if (today !== day) {
        day = today;
        dayCount = 0;
      }
      if (limits.perDay !== null && dayCount >= limits.perDay) throw dayBudgetSpent(now);
      if (shared && !(held.left > 0 && now < held.bucketStart + shared.bucketMs)) {
        // No slot of the current bucket in hand: reserve (an await, so every check above runs again after it).
        const wait = await refill(now);
        if (wait > 0) await timers.sleep(wait);
        continue;
      }
      if (shared) held.left -= 1;
      starts.push(now);
      dayCount += 1;
      inFlight += 1;
      return now;
    }
  }

  /**
   * The call's answer (or failure) arrived: from now on it counts from now, not from its start (MINUTE_WINDOW_MS).
   * Every entry is a time at or before now, so the window stays sorted with `now` appended.
   */
  function release(startedAt: number): void {
    const entry = starts.indexOf(startedAt);
    if (entry >= 0) {
      starts.splice(entry, 1);
      starts.push(timers.now());
    }
    inFlight -= 1;
    waiting.shift()?.();
  }

  const backoff = (attempt: number) =>
    Math.floor(timers.random() * Math.min(retry.maxBackoffMs, retry.baseBackoffMs * 2 ** (attempt - 1)));

  return {
    async fetch(attempt, options = {}) {
      for (let n = 1; ; n += 1) {
        const startedAt = await acquire(options.signal);
        let response: Response;
        try {
          if (options.meter) options.meter.calls += 1;
          response = await attempt();
        } catch (error) {
          release(startedAt);
          if (options.signal?.aborted || n >= retry.maxAttempts) throw error;
          await timers.sleep(backoff(n));
          continue;
        }
        release(startedAt);
        const last = n >= retry.maxAttempts;
        if (response.status === 429) {
          const wait = retryAfterMs(response, timers.now()) ?? 60_000;
          if (last || wait > retry.maxRetryAfterMs) return response;
          pausedUntil = Math.max(pausedUntil, timers.now() + wait); // every caller of the company waits
          await response.body?.cancel();
          continue;
        }
        if (response.status >= 500 || (await isThrottle403(response))) {
          if (last) return response;
          await response.body?.cancel();
          await timers.sleep(backoff(n));
          continue;
        }
        return response;
      }
    },
  };
}

export interface LimiterRegistry {
  forCompany(provider: Provider, companyId: string): CompanyLimiter;
}

export function limitsOf(provider: Provider): CompanyLimits {
  const { requestsPerMinute, concurrent, requestsPerDay } = PROVIDER_CATALOGUE[provider].limits;
  return { perMinute: requestsPerMinute, concurrent, perDay: requestsPerDay };
}

/**
 * This process's share of a company's concurrency when `processes` proxies call the same company: the provider's
 * cap divided evenly (at least 1), so together they never exceed it (QBO 10 → 5 each for two proxies; Xero 5 → 2).
 */
export function processShare(limits: CompanyLimits, processes: number): CompanyLimits {
  return { ...limits, concurrent: Math.max(1, Math.floor(limits.concurrent / Math.max(1, processes))) };
}

export interface LimiterRegistryOptions {
  timers?: LimiterTimers;
  limitsFor?: (provider: Provider) => CompanyLimits;
  /** The window shared with other proxy processes (PostgreSQL); absent = this process is the only caller (PGlite). */
  sharedFor?: (provider: Provider, companyId: string) => SharedCallBudget;
  retry?: RetryPolicy;
}

/** One limiter per (provider, company) for the whole process. */
export function createLimiterRegistry(options: LimiterRegistryOptions = {}): LimiterRegistry {
  const limiters = new Map<string, CompanyLimiter>();
  const limitsFor = options.limitsFor ?? limitsOf;
  return {
    forCompany(provider, companyId) {
      const key = `${provider}:${companyId}`;
      let limiter = limiters.get(key);
      if (!limiter) {
        const shared = options.sharedFor?.(provider, companyId);
        limiter = createCompanyLimiter(limitsFor(provider), options.timers ?? realTimers, options.retry ?? DEFAULT_RETRY, shared);
        limiters.set(key, limiter);
      }
      return limiter;
    },
  };
}
