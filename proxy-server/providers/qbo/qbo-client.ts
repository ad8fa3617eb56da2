import type { Clock } from '../../clock';
import type { ProviderEndpoints } from '../catalogue';
import { createLimiterRegistry, type LimiterRegistry } from '../limiter';
import { PROVIDER_CATALOGUE } from '../catalogue';
import {
  ProviderError,
  type ApiAuth,
  type CompanyInfo,
  type CustomerPage,
  type Grant,
  type ProviderClient,
  type ProviderTokens,
} from '../provider-client';
import { intuitClient, providerErrorFromIntuit, tokensFromResponse, type IntuitConfig } from './intuit-oauth-adapter';
import { mapQboCustomer } from './map-customer';
import { qboExchange, type QboExchangeMessages } from './qbo-http';
import { createQboSync } from './qbo-sync';
import { CompanyInfoEnvelopeSchema, PreferencesEnvelopeSchema, QueryEnvelopeSchema, parseEnvelope } from './qbo-envelopes';

/** Minor versions below 75 were switched off on 2025-08-01 (api-facts.md §1 Base URLs). */
export const QBO_MINOR_VERSION = 75;
const REQUEST_TIMEOUT_MS = 30_000;
const SYNC_MESSAGES: QboExchangeMessages = {
  unreachable: 'QuickBooks could not be reached.',
  rateLimited: 'QuickBooks is rate limiting this company; the sync will retry.',
};

export interface QboClientOptions {
  clientId: string;
  clientSecret: string;
  environment: 'sandbox' | 'production';
  redirectUri: string;
  endpoints: ProviderEndpoints;
  clock: Clock;
  fetch?: typeof fetch;
  pageSize?: number;
  /** Shared per-company limiters; one per process (createProviders passes it), so every caller shares the limits. */
  limiters?: LimiterRegistry;
}

/** QBO quirk: the company (realmId) arrives on the redirect, not in the token response. */
export function realmIdFromCallback(callbackUrl: URL): string {
  const realmId = callbackUrl.searchParams.get('realmId');
  if (!realmId || !/^[A-Za-z0-9_-]{1,64}$/.test(realmId)) {
    throw new ProviderError('malformed_response', 'QuickBooks did not say which company was connected (no realmId).');
  }
  return realmId;
}

export function qboDeepLink(appBaseUrl: string, realmId: string, id: string): string {
  // deeplinkcompanyid picks the right company when the user has several (api-facts.md §4 Multi-company).
  return `${appBaseUrl.replace(/\/+$/, '')}/app/customerdetail?nameId=${encodeURIComponent(id)}&deeplinkcompanyid=${encodeURIComponent(realmId)}`;
}

export function createQboClient(options: QboClientOptions): ProviderClient {
  const { clock, endpoints } = options;
  const doFetch = options.fetch ?? fetch;
  const limiters = options.limiters ?? createLimiterRegistry();
  const pageSize = options.pageSize ?? PROVIDER_CATALOGUE.qbo.limits.pageSize;
  const intuitConfig: IntuitConfig = options;
  const apiBase = endpoints.apiBaseUrl.replace(/\/+$/, '');

  /** GET a QBO REST resource as JSON (the shared round trip: qbo-http.ts qboExchange). */
  async function getJson(auth: ApiAuth, path: string, signal?: AbortSignal): Promise<unknown> {
    const url = `${apiBase}/v3/company/${encodeURIComponent(auth.companyId)}/${path}${path.includes('?') ? '&' : '?'}minorversion=${QBO_MINOR_VERSION}`;
    const exchange = { limiters, fetch: doFetch, timeoutMs: REQUEST_TIMEOUT_MS };
    const { response, body } = await qboExchange(exchange, auth, url, { method: 'GET', signal }, SYNC_MESSAGES);
    if (!response.ok) {
      parseEnvelope(QueryEnvelopeSchema, body, 'error'); // throws the Fault's message when there is one
      throw new ProviderError('rejected', `QuickBooks refused the request (HTTP ${response.status}).`);
    }
    return body;
  }

  async function homeCurrency(auth: ApiAuth): Promise<string | null> {
    try {
      const prefs = parseEnvelope(PreferencesEnvelopeSchema, await getJson(auth, 'preferences'), 'preferences');
      const value = prefs.Preferences.CurrencyPrefs?.HomeCurrency?.value;
      return value && /^[A-Z]{3}$/.test(value) ? value : null;
    } catch (error) {
      // Currency is a nicety for the connection list; a missing one must not fail the connect.
      if (error instanceof ProviderError && (error.kind === 'invalid_grant' || error.kind === 'unauthorized')) throw error;
      return null;
    }
  }

  return {
    provider: 'qbo',
    authorizeUrl(state) {
      return intuitClient(intuitConfig).authorizeUri({ scope: PROVIDER_CATALOGUE.qbo.scopes, state });
    },
    async exchangeCode(callbackUrl): Promise<Grant> {
      const realmId = realmIdFromCallback(callbackUrl);
      if (!callbackUrl.searchParams.get('code')) {
        throw new ProviderError('malformed_response', 'QuickBooks did not send an authorization code.');
      }
      try {
        // intuit-oauth parses code and realmId out of the full callback URL.
        const response = await intuitClient(intuitConfig).createToken(callbackUrl.toString());
        return { tokens: tokensFromResponse(response.getJson(), clock.now()), companyIds: [realmId] };
      } catch (error) {
        throw providerErrorFromIntuit(error, 'connecting');
      }
    },
    async refresh(tokens: ProviderTokens) {
      try {
        const response = await intuitClient(intuitConfig).refreshUsingToken(tokens.refreshToken);
        return tokensFromResponse(response.getJson(), clock.now());
      } catch (error) {
        throw providerErrorFromIntuit(error, 'refreshing the connection');
      }
    },
    async revoke(tokens) {
      try {
        // Revoking the refresh token ends the whole grant (access token included).
        await intuitClient(intuitConfig).revoke({ refresh_token: tokens.refreshToken });
      } catch (error) {
        throw providerErrorFromIntuit(error, 'disconnecting');
      }
    },
    async companyInfo(auth): Promise<CompanyInfo> {
      const body = await getJson(auth, `companyinfo/${encodeURIComponent(auth.companyId)}`);
      const info = parseEnvelope(CompanyInfoEnvelopeSchema, body, 'CompanyInfo');
      return { id: auth.companyId, name: info.CompanyInfo.CompanyName, currency: await homeCurrency(auth) };
    },
    async *listCustomers(auth, { homeCurrency: currency, signal }): AsyncIterable<CustomerPage> {
      const ctx = {
        connectionId: auth.connectionId,
        companyId: auth.companyId,
        homeCurrency: currency,
        deepLink: (id: string) => qboDeepLink(endpoints.appBaseUrl, auth.companyId, id),
      };
      for (let start = 1; ; start += pageSize) {
        const query = `SELECT * FROM Customer STARTPOSITION ${start} MAXRESULTS ${pageSize}`;
        const body = await getJson(auth, `query?query=${encodeURIComponent(query)}`, signal);
        const envelope = parseEnvelope(QueryEnvelopeSchema, body, 'customer query');
        const raw = envelope.QueryResponse.Customer ?? [];
        const page: CustomerPage = { customers: [], skipped: [] };
        for (const record of raw) {
          const mapped = mapQboCustomer(record, ctx);
          if (mapped.ok) page.customers.push(mapped.customer);
          else page.skipped.push(mapped.skipped);
        }
        yield page;
        // maxResults is the number returned, not the page size asked for (reference/README.md).
        if (raw.length < pageSize) return;
      }
    },
    deepLink(companyId, _entity, id) {
      return qboDeepLink(endpoints.appBaseUrl, companyId, id);
    },
    sync: createQboSync({ getJson, appBaseUrl: endpoints.appBaseUrl, pageSize }),
  };
}
