import { Hono } from 'hono';
import { type ProviderEmulator, type ResetOptions, type SandboxClock, type SandboxCompany } from '../emulator';
import { type ApiEnv } from './api/api-env';
import { createApiGuard } from './api/api-guard';
import { type ChangeEvent } from './api/change-events';
import { createContactsRoutes } from './api/contacts-routes';
import { createIdempotencyStore } from './api/idempotency';
import { createPageCache } from './api/page-cache';
import { createRateLimiter, XERO_DEFAULT_LIMITS, type XeroLimits } from './api/rate-limits';
import { ALL_ACCOUNTING_SCOPES } from './api/scopes';
import { authenticatedApiRoutes } from './api/transaction-routes';
import { createAppPages } from './go/app-pages';
import { defaultXeroAppCredentials, type XeroAppCredentials } from './identity/client-credentials';
import { createConnectionsRoutes } from './identity/connections-routes';
import { connectTenants, createGrant, createIdentityState, revokeGrant } from './identity/identity-state';
import { createIdentityRoutes } from './identity/identity-routes';
import { createTokenIssuer, SANDBOX_USER } from './identity/token-issuer';
import { seedXeroTenants } from './seed';
import { demoContactsFromXero } from './demo-contacts';
import { xeroFaultBody } from './api/fault-body';
import { type TenantStore } from './store/tenant-store';
import { createWebhookSender, type WebhookSubscription } from './webhooks/webhook-sender';
import { type WebhookFaultSource } from '../webhook-shaper';

export interface XeroEmulatorOptions {
  clock: SandboxClock;
  /** Initial data: a seed number or the reset options (POST /__sandbox/reset replaces it). */
  seed?: number | ResetOptions;
  limits?: Partial<XeroLimits>;
  credentials?: XeroAppCredentials;
  /** The app's name: the consent page title and the envelope's ProviderName. */
  appName?: string;
  fetchImpl?: typeof fetch;
}

export interface XeroEmulator extends ProviderEmulator {
  readonly provider: 'xero';
  readonly credentials: XeroAppCredentials;
  limits(): XeroLimits;
  /** Raise or lower the API limits (tests hit them quickly; benchmarks lift them). */
  setLimits(limits: Partial<XeroLimits>): void;
  /** Artificial latency per Accounting API call, to exercise the concurrency limit. */
  setResponseDelay(ms: number): void;
  /** POST /__sandbox/webhooks {provider:'xero', url, key}: runs the intent-to-receive handshake, then delivers events. */
  subscribeWebhook(subscription: WebhookSubscription): Promise<{ intentToReceive: 'OK' | 'FAILED' }>;
  unsubscribeWebhooks(): void;
  /** DELETE /__sandbox/webhooks. */
  clearWebhooks(): void;
  /** Revoke every grant and connection, as a user disconnecting the app does (fault kind 'revoke'). */
  revokeAll(): void;
  /** Sends queued webhook events now and waits for the deliveries (tests). */
  flushWebhooks(): Promise<void>;
  /** Webhook receivers disabled after a day of failed deliveries, and how many deliveries wait for a retry. */
  webhookHealth(): { disabledUrls: string[]; pendingRetries: number };
  /** The organisations' data, for tests and the control API. */
  tenants(): TenantStore[];
}

/** Client id used by issueToken(): its connections are kept apart from the real app's consent. */
const API_EXPLORER_CLIENT_ID = 'sandbox-xero-api-explorer';

/**
 * The Xero emulator: identity (authorize, token, revocation), connections, Accounting API 2.0 and the web app's
 * deep-link pages, under paths that mirror the real hosts (mounted at `/xero` by the sandbox server).
 */
export function createXeroEmulator(options: XeroEmulatorOptions): XeroEmulator {
  const { clock } = options;
  const credentials = options.credentials ?? defaultXeroAppCredentials();
  const appName = options.appName ?? 'LedgerLens';
  let limits: XeroLimits = { ...XERO_DEFAULT_LIMITS, ...options.limits };
  let responseDelayMs = 0;
  let tenantList: TenantStore[] = [];
  let tenantMap = new Map<string, TenantStore>();
  // Learned from requests, so webhook resourceUrls and the token issuer name the sandbox's own origin.
  let origin = 'http://127.0.0.1';

  const identity = createIdentityState();
  const issuer = createTokenIssuer({ state: identity, clock, issuer: () => `${origin}/xero/identity` });
  const limiter = createRateLimiter({ clock, limits: () => limits });
  const idempotency = createIdempotencyStore();
  let faultSource: WebhookFaultSource | undefined;
  const webhooks = createWebhookSender({
    clock,
    faults: () => faultSource,
    apiBaseUrl: () => `${origin}/xero/api.xro/2.0`,
    ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
  });
  const emit = (event: ChangeEvent) => webhooks.enqueue(event);
  const apiDeps = { clock, providerName: appName, idempotency, emit, pageCache: createPageCache() };

  const routes = new Hono();
  routes.use('*', async (c, next) => {
    origin = new URL(c.req.url).origin;
    await next();
  });
  routes.route(
    '/',
    createIdentityRoutes({
      state: identity,
      issuer,
      clock,
      app: () => credentials,
      appName,
      organisations: () => tenantList.map((t) => ({ tenantId: t.organisation.tenantId, name: t.organisation.name })),
    }),
  );
  routes.route(
    '/',
    createConnectionsRoutes({
      state: identity,
      issuer,
      tenantName: (tenantId) => tenantMap.get(tenantId)?.organisation.name,
    }),
  );
  const api = new Hono<ApiEnv>();
  api.use('*', createApiGuard({ state: identity, issuer, tenants: () => tenantMap, limiter, responseDelayMs: () => responseDelayMs }));
  api.route('/', createContactsRoutes(apiDeps));
  api.route('/', authenticatedApiRoutes(apiDeps));
  routes.route('/api.xro/2.0', api);
  routes.route('/go', createAppPages({ clock, tenants: () => tenantList, emit }));

  function reset(resetOptions: ResetOptions): void {
    tenantList = seedXeroTenants(resetOptions, clock.now());
    tenantMap = new Map(tenantList.map((tenant) => [tenant.organisation.tenantId, tenant]));
    limiter.reset();
    idempotency.clear();
  }
  reset(typeof options.seed === 'object' ? options.seed : { seed: options.seed ?? 1 });

  return {
    provider: 'xero',
    routes,
    credentials,
    endpoints: (baseUrl: string) => {
      const base = `${baseUrl.replace(/\/+$/, '')}/xero`;
      return {
        authorizeUrl: `${base}/identity/connect/authorize`,
        tokenUrl: `${base}/identity/connect/token`,
        revokeUrl: `${base}/identity/connect/revocation`,
        connectionsUrl: `${base}/connections`,
        apiBaseUrl: `${base}/api.xro/2.0`,
        appBaseUrl: `${base}/go`,
      };
    },
    companies: (): SandboxCompany[] =>
      tenantList.map((tenant) => ({
        provider: 'xero',
        id: tenant.organisation.tenantId,
        name: tenant.organisation.name,
        currency: tenant.organisation.baseCurrency,
      })),
    issueToken: (companyId: string) => {
      if (!tenantMap.has(companyId)) throw new Error(`Unknown Xero tenant ${companyId}`);
      const grant = createGrant(identity, {
        clientId: API_EXPLORER_CLIENT_ID,
        userId: SANDBOX_USER.userId,
        scopes: ALL_ACCOUNTING_SCOPES.filter((scope) => scope !== 'offline_access' && scope !== 'openid'),
        now: clock.now(),
      });
      connectTenants(identity, grant, [companyId], clock.now());
      const { access_token, expires_in } = issuer.issue(grant);
      return { access_token, expires_in };
    },
    reset,
    demoContacts: () => demoContactsFromXero(tenantList),
    faultBody: (kind) => xeroFaultBody(kind, clock.now()),
    limits: () => limits,
    setLimits: (next) => {
      limits = { ...limits, ...next };
    },
    setResponseDelay: (ms) => {
      responseDelayMs = ms;
    },
    subscribeWebhook: (subscription) => webhooks.subscribe(subscription),
    unsubscribeWebhooks: () => webhooks.unsubscribeAll(),
    clearWebhooks: () => webhooks.unsubscribeAll(),
    attachFaults: (source) => {
      faultSource = source;
    },
    releaseHeldWebhooks: () => webhooks.releaseHeld(),
    revokeAll: () => {
      for (const grant of identity.grants.values()) revokeGrant(identity, grant);
    },
    flushWebhooks: () => webhooks.flush(),
    webhookHealth: () => ({ disabledUrls: webhooks.disabled().map((item) => item.url), pendingRetries: webhooks.pendingRetries() }),
    tenants: () => tenantList,
  };
}

export { XERO_DEFAULT_LIMITS, XERO_STARTER_LIMITS, type XeroLimits } from './api/rate-limits';
export { xeroWebhookSignature } from './webhooks/signature';
