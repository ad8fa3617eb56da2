import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { API_VERSION_PREFIX } from '../lib/proxy-api';
import { HttpError, errorBody } from './errors';
import type { AppDeps, AppEnv } from './http/app-env';
import { openApiDocument } from './http/openapi';
import { extensionCors } from './http/cors';
import { originPolicy } from './http/origins';
import { requestLog } from './http/request-log';
import { DEFAULT_SEAT_REQUESTS_PER_MINUTE, requireSeat, seatRateLimit } from './http/seat-auth';
import { ProviderError } from './providers/provider-client';
import { adminRoutes } from './routes/admin';
import { connectionsRoutes } from './routes/connections';
import { eventsRoutes } from './routes/events';
import { feedRoutes } from './routes/feed';
import { meRoutes } from './routes/me';
import { oauthRoutes } from './routes/oauth';
import { pairRoutes } from './routes/pair';
import { seatsRoutes } from './routes/seats';
import { settingsRoutes } from './routes/settings';
import { syncLogRoutes } from './routes/sync-log';
import { webhookRoutes } from './routes/webhooks';
import { createWebhookReceiver } from './webhooks/receiver';
import { actionsRoutes } from './routes/actions';
import { linksRoutes } from './routes/links';

export type { AppDeps } from './http/app-env';

export const BODY_LIMIT_BYTES = 64 * 1024;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The proxy's HTTP surface (lib/proxy-api.ts), without listening: tests call app.request() or serve it on port 0. */
export function createApp(deps: AppDeps) {
  const isExtension = originPolicy(deps.extensionOrigins);
  const app = new Hono<AppEnv>();
  if (deps.log) app.use('*', requestLog(deps.log));
  // Provider webhooks come from Intuit/Xero servers, not extensions: HMAC-authenticated, their own body limit, and
  // mounted before the origin/CORS/body-limit middleware meant for seats.
  app.route(
    '/webhooks',
    webhookRoutes({
      receiver: createWebhookReceiver(deps),
      qboVerifierToken: deps.webhookKeys?.qbo,
      xeroWebhookKey: deps.webhookKeys?.xero,
    }),
  );

  // The browser's OAuth pages (consent callback, organisation picker, Intuit's Disconnect URL) are public pages the
  // proxy serves itself; the picker's form posts back from the proxy's own origin, which the seat rule below refuses.
  app.route('/oauth', oauthRoutes(deps));

  // Web origins get no CORS headers, and their state-changing requests are refused before any handler runs.
  app.use('*', async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && !isExtension(origin) && !SAFE_METHODS.has(c.req.method)) {
      throw new HttpError(403, 'forbidden_origin', 'Requests from web pages are not accepted; use the extension.');
    }
    await next();
  });
  app.use('*', extensionCors(isExtension));
  const limitBody = bodyLimit({
    maxSize: BODY_LIMIT_BYTES,
    onError: (c) => c.json(errorBody('payload_too_large', `Request bodies are limited to ${BODY_LIMIT_BYTES} bytes.`), 413),
  });
  // A GET with neither Content-Length nor Transfer-Encoding has no body (RFC 9112 §6.3), and asking Hono's bodyLimit
  // to look would materialize the full Request object on every feed page (same P6 hot path). Other methods are
  // always checked: a Request built in-process (app.request in tests) carries a body with neither header.
  app.use('*', async (c, next) => {
    const length = c.req.header('content-length');
    const bodiless = SAFE_METHODS.has(c.req.method) && c.req.header('transfer-encoding') === undefined && (length === undefined || length === '0');
    return bodiless ? next() : limitBody(c, next);
  });

  // Reports whether the store answers, so a load balancer takes a proxy that lost its database out of rotation.
  app.get('/healthz', async (c) => {
    const store = await Promise.race([
      deps.store.db.query('SELECT 1').then(() => 'ok' as const),
      new Promise<'unreachable'>((resolve) => setTimeout(() => resolve('unreachable'), 2000).unref()),
    ]).catch(() => 'unreachable' as const);
    return c.json({ ok: store === 'ok', store, driver: deps.store.db.driver }, store === 'ok' ? 200 : 503);
  });
  const openApi = openApiDocument();
  app.get('/openapi.json', (c) => c.json(openApi));

  // The seat cache (store/seats.ts) hears revokes made by other processes too (LISTEN/NOTIFY on PostgreSQL); without
  // an event source its TTL bounds how long another process's revoke takes to reach this one.
  deps.events?.subscribe?.((event) => {
    if (event.type === 'seat_revoked') deps.store.seats.forget(event.seatId);
    else if (event.type === 'resync') deps.store.seats.forgetAll();
  });

  const v1 = new Hono<AppEnv>();
  v1.route('/', pairRoutes(deps));
  const seatAuth = requireSeat(deps.store);
  const perSeat = seatRateLimit({
    perMinute: deps.seatRequestsPerMinute ?? DEFAULT_SEAT_REQUESTS_PER_MINUTE,
    now: () => deps.clock.now(),
  });
  v1.use('*', async (c, next) => {
    if (c.req.path === `${API_VERSION_PREFIX}/pair`) return next();
    await seatAuth(c, async () => {
      await perSeat(c, next);
    });
  });
  v1.route('/', meRoutes());
  v1.route('/connections', connectionsRoutes(deps));
  v1.route('/connections', settingsRoutes(deps));
  v1.route('/', feedRoutes(deps));
  v1.route('/', seatsRoutes(deps));
  v1.route('/', eventsRoutes(deps));
  v1.route('/', syncLogRoutes(deps));
  v1.route('/actions', actionsRoutes(deps));
  v1.route('/links', linksRoutes(deps));
  app.route(API_VERSION_PREFIX, v1);
  app.route('/admin', adminRoutes(deps));

  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) {
      return c.json(errorBody(error.code, error.message, error.details), error.status, error.headers);
    }
    if (error instanceof ProviderError) {
      const status = error.kind === 'rate_limited' ? 429 : 502;
      return c.json(errorBody(status === 429 ? 'rate_limited' : 'provider_error', error.message), status);
    }
    if (error instanceof HTTPException) {
      return c.json(errorBody(error.status === 413 ? 'payload_too_large' : 'invalid_request', error.message), error.status);
    }
    // Log the name and message only: stacks and provider payloads can carry tokens.
    console.error(`unhandled error on ${c.req.method} ${c.req.path}: ${error.name}: ${error.message}`);
    return c.json(errorBody('internal_error', 'Something went wrong in the proxy.'), 500);
  });
  return app;
}
export type ProxyApp = ReturnType<typeof createApp>;
