import type { MiddlewareHandler } from 'hono';
import { API_VERSION_PREFIX } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import { SEAT_TOKEN_PREFIX, sha256Hex } from '../security/secrets';
import type { Store } from '../store';
import type { AppEnv } from './app-env';
import { createRateLimiter } from './rate-limit';

export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/**
 * The one route that also takes `?token=`: EventSource cannot set request headers
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#the-eventsource-interface), so a seat listening
 * with it has no other way to authenticate. Only here: tokens in URLs end up in logs and history, so every other
 * route insists on the header (and our request log never prints query strings of this route).
 */
export const QUERY_TOKEN_PATHS = new Set([`${API_VERSION_PREFIX}/events`]);

/** Every /v1 route but /v1/pair: `Authorization: Bearer llseat_…` of a seat that is not revoked. */
export function requireSeat(store: Store): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = bearerToken(c.req.header('authorization'));
    const token = header ?? (QUERY_TOKEN_PATHS.has(c.req.path) && c.req.method === 'GET' ? c.req.query('token') : undefined);
    const seat = token?.startsWith(SEAT_TOKEN_PREFIX) ? await store.seats.findActiveByTokenHash(sha256Hex(token)) : null;
    if (!seat) {
      throw new HttpError(401, 'unauthorized', 'This extension is not paired with the proxy (or its seat was revoked). Pair it again.');
    }
    c.set('seat', seat);
    await next();
  };
}

/**
 * 50 a second, averaged over a minute. A seat catching up after an initial import pulls hundreds of cached feed
 * pages back to back (100,000 records are 200 pages of 500), at ~0.1 ms of proxy CPU each (bench P6); 600 a minute
 * throttled exactly that catch-up (P6 back to back drew 429s) while guarding against nothing a larger budget doesn't.
 */
export const DEFAULT_SEAT_REQUESTS_PER_MINUTE = 3_000;

/** Per-seat request budget (after requireSeat): one runaway install cannot starve the proxy for the rest. */
export function seatRateLimit(options: { perMinute: number; now: () => number }): MiddlewareHandler<AppEnv> {
  const limiter = createRateLimiter({ limit: options.perMinute, windowMs: 60_000, now: options.now });
  return async (c, next) => {
    const verdict = limiter.take(c.get('seat').id);
    if (!verdict.ok) {
      throw new HttpError(
        429,
        'rate_limited',
        `Too many requests from this extension; try again in ${verdict.retryAfterSeconds} s.`,
        { retryAfterSeconds: verdict.retryAfterSeconds },
        { 'Retry-After': String(verdict.retryAfterSeconds) },
      );
    }
    await next();
  };
}
