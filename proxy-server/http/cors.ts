import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './app-env';

const ALLOW_METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'];
// Idempotency-Key: every action POST carries one (routes/actions.ts).
const ALLOW_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'];
const EXPOSE_HEADERS = ['Idempotent-Replayed', 'Retry-After'];

/**
 * CORS for extension origins only: web origins get no CORS headers at all.
 *
 * Preflights (OPTIONS) are answered by Hono's cors middleware. Actual requests get the same headers Hono's would
 * add (Access-Control-Allow-Origin, -Expose-Headers, Vary: Origin), but written into the handler's response after
 * it ran, straight into its header list. Why (issue 7's P6): Hono's cors writes into `c.res` before the handler and
 * `c.header()` after it reads `bodyUsed`; either turns @hono/node-server's lightweight response into a real fetch
 * Response whose body is then streamed through a ReadableStream — measured at ≈ 17 % of the proxy's CPU per feed
 * page, and every extension request carries an Origin.
 */
export function extensionCors(isExtension: (origin: string) => boolean): MiddlewareHandler<AppEnv> {
  const preflight = cors({
    origin: (origin) => (isExtension(origin) ? origin : null),
    allowMethods: ALLOW_METHODS,
    allowHeaders: ALLOW_HEADERS,
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: 600,
  });
  const expose = EXPOSE_HEADERS.join(',');
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    const headers = c.res.headers;
    if (origin !== undefined && isExtension(origin)) {
      headers.set('Access-Control-Allow-Origin', origin);
      headers.set('Access-Control-Expose-Headers', expose);
    }
    headers.append('Vary', 'Origin');
  };
}
