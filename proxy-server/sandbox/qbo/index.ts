import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import type { ProviderEmulator, ResetOptions, SandboxClock, SandboxCompany } from '../emulator.js';
import { demoContactsFromQbo } from '../demo-crm/qbo-contacts.js';
import { DEFAULT_SEED, seedQboCompanies } from '../seed/qbo-seed.js';
import { createQboApiRoutes } from './api-routes.js';
import { createQboAppRoutes } from './app-routes.js';
import { createIdTokenSigner } from './id-token.js';
import { qboAppCredentials } from './oauth-config.js';
import { createQboOAuthRoutes } from './oauth-routes.js';
import { createQboOAuthStore } from './oauth-store.js';
import { faultJson } from './fault-json.js';
import { findCompany, type QboState } from './state.js';
import { QBO_DEFAULT_LIMITS, throttleBody } from './throttle.js';
import { createQboWebhookDispatcher } from './webhooks.js';
import type { WebhookFaultSource } from '../webhook-shaper.js';

export interface QboEmulatorDeps {
  clock: SandboxClock;
  /** Unused by routing (URLs come from the request); kept for callers that know their base up front. */
  baseUrl?: string;
  env?: NodeJS.ProcessEnv;
  seed?: ResetOptions;
}

export interface QboEmulator extends ProviderEmulator {
  /** Internal state, for in-process tests and the other sandbox modules (faults, webhooks). */
  readonly state: QboState;
  /** Resolves once queued webhook deliveries have been attempted. */
  webhooksIdle(): Promise<void>;
}

export function createQboEmulator(deps: QboEmulatorDeps): QboEmulator {
  const app = qboAppCredentials(deps.env);
  const state: QboState = {
    clock: deps.clock,
    app,
    oauth: createQboOAuthStore({ clock: deps.clock, app }),
    idTokens: createIdTokenSigner(),
    companies: [],
    changeListeners: [],
    limits: { ...QBO_DEFAULT_LIMITS },
    idempotentResponses: new Map(),
  };
  const reset = (options: ResetOptions): void => {
    state.idempotentResponses.clear();
    state.companies = seedQboCompanies({
      seed: options.seed,
      now: deps.clock.now(),
      ...(options.customers === undefined ? {} : { customers: options.customers }),
      ...(options.invoices === undefined ? {} : { invoices: options.invoices }),
      ...(options.companyId === undefined ? {} : { companyId: options.companyId }),
    });
  };
  reset(deps.seed ?? { seed: DEFAULT_SEED });
  let faultSource: WebhookFaultSource | undefined;
  const webhooks = createQboWebhookDispatcher({ clock: deps.clock, faults: () => faultSource });
  state.changeListeners.push(webhooks.onChange);

  const routes = new Hono();
  // Every Intuit response carries an intuit_tid to quote to support (api-facts.md "Errors").
  routes.use('*', async (c, next) => {
    await next();
    c.res.headers.set('intuit_tid', `1-${Math.floor(deps.clock.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`);
  });
  routes.route('/', createQboOAuthRoutes(state));
  routes.route('/v3/company/:realmId', createQboApiRoutes(state));
  routes.route('/', createQboAppRoutes(state));

  return {
    provider: 'qbo',
    routes,
    state,
    endpoints: (baseUrl) => ({
      authorizeUrl: `${baseUrl}/qbo/connect/oauth2`,
      tokenUrl: `${baseUrl}/qbo/oauth2/v1/tokens/bearer`,
      revokeUrl: `${baseUrl}/qbo/v2/oauth2/tokens/revoke`,
      userinfoUrl: `${baseUrl}/qbo/v1/openid_connect/userinfo`,
      jwksUrl: `${baseUrl}/qbo/op/v1/jwks`,
      discoveryUrl: `${baseUrl}/qbo/.well-known/openid-configuration`,
      apiBaseUrl: `${baseUrl}/qbo`,
      appBaseUrl: `${baseUrl}/qbo`,
    }),
    demoContacts: () => demoContactsFromQbo(state.companies),
    companies: (): SandboxCompany[] =>
      state.companies.map((company) => ({
        provider: 'qbo',
        id: company.profile.realmId,
        name: company.profile.name,
        currency: company.profile.homeCurrency,
      })),
    issueToken: (companyId) => {
      if (findCompany(state, companyId) === undefined) throw new Error(`Unknown QBO company ${companyId}`);
      const tokens = state.oauth.issueDirect(companyId);
      return { access_token: tokens.accessToken, expires_in: tokens.expiresIn };
    },
    reset,
    faultBody: (kind) => {
      const now = deps.clock.now();
      if (kind === '429') return { status: 429, body: throttleBody(now, 429), headers: { 'retry-after': '60' } };
      return {
        status: 500,
        body: faultJson(now, 'SystemFault', [
          { Message: 'An application error has occurred while processing your request', Detail: 'System Failure Error: injected by the sandbox', code: '10000' },
        ]),
      };
    },
    revokeAll: () => {
      for (const company of state.companies) state.oauth.revokeRealm(company.profile.realmId);
    },
    subscribeWebhook: (subscription) => webhooks.subscribe(subscription),
    clearWebhooks: () => webhooks.clear(),
    attachFaults: (source) => {
      faultSource = source;
    },
    releaseHeldWebhooks: () => webhooks.releaseHeld(),
    webhooksIdle: () => webhooks.idle(),
  };
}
