import type { MiddlewareHandler } from 'hono';
import type { SandboxClock } from '../emulator.js';
import { faultJson } from './fault-json.js';
import { qboJson } from './respond.js';

/**
 * Per-realm limits (api-facts.md "Rate limits"): 500 requests per minute → 429, and at most 10 concurrent requests →
 * 403, both ThrottleExceeded code 3001 (xml-fixtures/too_many_requests_error.xml is the 429; throttle_exceeded_error.xml,
 * from the 2016 concurrency-policy era, the 403).
 */
export interface ThrottleLimits {
  perMinute: number;
  concurrent: number;
}

export const QBO_DEFAULT_LIMITS: ThrottleLimits = { perMinute: 500, concurrent: 10 };

export function throttleBody(now: number, status: 403 | 429): Record<string, unknown> {
  return faultJson(now, 'SERVICE', [
    { Message: `message=ThrottleExceeded; errorCode=003001; statusCode=${status}`, Detail: 'The request limit was reached.  Try again later', code: '3001' },
  ]);
}

export function createQboThrottle(clock: SandboxClock, limits: () => ThrottleLimits): MiddlewareHandler {
  const recent = new Map<string, number[]>();
  const active = new Map<string, number>();
  return async (c, next) => {
    const realmId = c.req.param('realmId') ?? '';
    const now = clock.now();
    const stamps = (recent.get(realmId) ?? []).filter((at) => at > now - 60_000);
    recent.set(realmId, stamps);
    if (stamps.length >= limits().perMinute) {
      c.header('retry-after', '60');
      return qboJson(c, throttleBody(now, 429), 429);
    }
    const running = active.get(realmId) ?? 0;
    if (running >= limits().concurrent) return qboJson(c, throttleBody(now, 403), 403);
    stamps.push(now);
    active.set(realmId, running + 1);
    try {
      await next();
    } finally {
      active.set(realmId, (active.get(realmId) ?? 1) - 1);
    }
  };
}
