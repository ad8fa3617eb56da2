import { type SandboxClock } from '../../emulator';
import { createRollingCounter, type RollingCounter } from './rolling-counter';

/**
 * Xero's API limits (api-facts.md section 2, Rate limits): per organisation 60 calls a minute, 5 in flight, 5,000 a
 * day (1,000 on the Starter tier); per app 10,000 a minute across organisations. Configurable because tests need to
 * hit them quickly and benchmarks need them out of the way.
 */
export interface XeroLimits {
  perMinute: number;
  perDay: number;
  concurrent: number;
  appPerMinute: number;
}

export const XERO_DEFAULT_LIMITS: XeroLimits = { perMinute: 60, perDay: 5000, concurrent: 5, appPerMinute: 10_000 };
export const XERO_STARTER_LIMITS: XeroLimits = { ...XERO_DEFAULT_LIMITS, perDay: 1000 };

export type RateLimitProblem = 'minute' | 'day' | 'concurrent' | 'appminute';

export type Admission =
  | { admitted: true; headers: Record<string, string>; release: () => void }
  | { admitted: false; headers: Record<string, string>; problem: RateLimitProblem; retryAfterSeconds: number };

interface TenantCounters {
  minute: RollingCounter;
  day: RollingCounter;
  inFlight: number;
}

export function createRateLimiter(deps: { clock: SandboxClock; limits: () => XeroLimits }) {
  const tenants = new Map<string, TenantCounters>();
  const appMinute = createRollingCounter(60_000, 1_000);

  function countersFor(tenantId: string): TenantCounters {
    let counters = tenants.get(tenantId);
    if (!counters) {
      counters = { minute: createRollingCounter(60_000, 1_000), day: createRollingCounter(86_400_000, 60_000), inFlight: 0 };
      tenants.set(tenantId, counters);
    }
    return counters;
  }

  function headers(counters: TenantCounters, now: number): Record<string, string> {
    const limits = deps.limits();
    return {
      'X-DayLimit-Remaining': String(Math.max(0, limits.perDay - counters.day.count(now))),
      'X-MinLimit-Remaining': String(Math.max(0, limits.perMinute - counters.minute.count(now))),
      'X-AppMinLimit-Remaining': String(Math.max(0, limits.appPerMinute - appMinute.count(now))),
    };
  }

  /** Rejected calls are not counted, so a client that honours Retry-After gets through when it says. */
  function admit(tenantId: string): Admission {
    const now = deps.clock.now();
    const limits = deps.limits();
    const counters = countersFor(tenantId);
    const reject = (problem: RateLimitProblem, retryAfterMs: number): Admission => ({
      admitted: false,
      headers: headers(counters, now),
      problem,
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    });
    if (counters.day.count(now) >= limits.perDay) return reject('day', counters.day.msUntilOldestExpires(now));
    if (appMinute.count(now) >= limits.appPerMinute) return reject('appminute', appMinute.msUntilOldestExpires(now));
    if (counters.minute.count(now) >= limits.perMinute) return reject('minute', counters.minute.msUntilOldestExpires(now));
    if (counters.inFlight >= limits.concurrent) return reject('concurrent', 1000);
    counters.minute.add(now);
    counters.day.add(now);
    appMinute.add(now);
    counters.inFlight += 1;
    let released = false;
    return {
      admitted: true,
      headers: headers(counters, now),
      release: () => {
        if (!released) counters.inFlight -= 1;
        released = true;
      },
    };
  }

  return {
    admit,
    reset: () => {
      tenants.clear();
      appMinute.clear();
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
