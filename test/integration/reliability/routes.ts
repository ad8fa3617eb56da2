import { createApp, type ProxyApp } from '../../../proxy-server/app';
import { systemClock } from '../../../proxy-server/clock';
import type { RunningProxy } from '../../../proxy-server/server';

/**
 * The proxy's route table, read from the app itself (Hono's `app.routes`), so a route added tomorrow is covered by
 * the access and hostile-input suites without editing them. Middleware (`use`) registers as method ALL and is
 * skipped.
 */
export interface RouteEntry {
  method: string;
  /** Hono path, e.g. /v1/seats/:id */
  path: string;
}

export function appFor(proxy: RunningProxy, workspaceId: string, options: { adminToken?: string | null; seatRequestsPerMinute?: number } = {}): ProxyApp {
  return createApp({
    store: proxy.store,
    providers: proxy.providers,
    clock: systemClock,
    tokens: proxy.tokens,
    sync: proxy.sync,
    workspaceId,
    adminToken: options.adminToken ?? null,
    extensionOrigins: null,
    events: proxy.events,
    ...(options.seatRequestsPerMinute === undefined ? {} : { seatRequestsPerMinute: options.seatRequestsPerMinute }),
  });
}

export function routesOf(app: ProxyApp): RouteEntry[] {
  const seen = new Set<string>();
  const routes: RouteEntry[] = [];
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const path = route.path.replace(/\/+$/, '') || '/';
    const key = `${route.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method: route.method, path });
  }
  return routes;
}

/** Fills path parameters (`:id`, `:provider`) from a map, or with a placeholder. */
export function fillPath(path: string, values: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, (_, name: string) => encodeURIComponent(values[name] ?? `x-${name}`));
}

/** Routes that are not behind the seat token, each with the reason; anything else under the app must be. */
export const PUBLIC_ROUTES: Record<string, string> = {
  'GET /healthz': 'load balancer health check; says only whether the store answers',
  'GET /openapi.json': 'the API description',
  'POST /v1/pair': 'trades a one-time pairing code for a seat token (rate limited)',
  'GET /oauth/:provider/callback': 'the browser lands here from the consent page; protected by the one-time state',
  'POST /oauth/:provider/select':
    'the organisation picker form (several Xero tenants in one consent); protected by a single-use selection token and an Origin check',
  'GET /oauth/qbo/disconnect':
    "Intuit's Disconnect URL, opened in the user's browser; acts only after checking QuickBooks really refuses the grant",
  'POST /admin/pairing-codes': 'protected by the admin token in the data dir',
  'POST /webhooks/qbo': "Intuit's servers call it; authenticated by the HMAC of the body (intuit-signature)",
  'POST /webhooks/xero': "Xero's servers call it; authenticated by the HMAC of the body (x-xero-signature)",
};

export const isPublic = (route: RouteEntry) => `${route.method} ${route.path}` in PUBLIC_ROUTES;
