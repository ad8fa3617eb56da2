import type { Clock } from '../../clock';
import type { LimiterRegistry } from '../limiter';
import { ProviderError, type ApiAuth } from '../provider-client';
import { ProviderRejection } from '../provider-writes';
import { ifModifiedSinceHeader } from './xero-dates';
import { XeroTenantDisconnectedError, xeroErrorMessage } from './xero-errors';
import { rateLimitErrorFrom, readRateLimit, type XeroRateLimit } from './xero-rate-limit';

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Accounting API reads with fetch rather than xero-node's AccountingApi (whose `basePath` can be pointed anywhere):
 * - the per-company limiter's contract is `() => Promise<Response>` and it needs the 429's headers, while the
 *   generated methods reject with a JSON string of the axios error — request headers, bearer token included;
 * - the generated methods take no AbortSignal or timeout, and one hung socket would stall a company's sync;
 * - they deserialize into camelCase model objects, while the mappers read the wire JSON that the spec's examples,
 *   the recordings and the sandbox speak (MS-JSON dates, PascalCase), so they are testable against those files;
 * - an AccountingApi instance holds one access token as mutable state, unsafe with concurrent tenants.
 */
export interface XeroApiDeps {
  apiBaseUrl: string;
  limiters: LimiterRegistry;
  clock: Clock;
  fetch: typeof fetch;
  /** Every response's limit headers, per tenant (for the limiter/sync to adapt, e.g. to a Starter-tier day budget). */
  onRateLimit?: ((tenantId: string, info: XeroRateLimit) => void) | undefined;
}

export interface XeroGetOptions {
  query?: Record<string, string | number | boolean | undefined>;
  modifiedSince?: Date | number | null | undefined;
  signal?: AbortSignal | undefined;
}

export interface XeroJson {
  /** null on 304 Not Modified. */
  body: unknown;
  rateLimit: XeroRateLimit | null;
}

export type XeroGet = (auth: ApiAuth, resource: string, options?: XeroGetOptions) => Promise<XeroJson>;

export interface XeroSendOptions extends XeroGetOptions {
  method?: 'GET' | 'PUT' | 'POST';
  body?: unknown;
  /** Xero's Idempotency-Key (≤ 128 chars, api-facts.md §2 "Idempotency"): a retried write replays the first. */
  idempotencyKey?: string | undefined;
}
export type XeroRequest = (auth: ApiAuth, resource: string, options?: XeroSendOptions) => Promise<XeroJson>;

export function createXeroGet(deps: XeroApiDeps): XeroGet {
  return createXeroRequest(deps);
}

/** The unique-name rule (api-facts.md §2 Contacts): "… must be unique across all active contacts". */
const DUPLICATE_NAME = /already assigned to another contact|must be unique/i;

/** A 400 ValidationException → a rejection the actions show as a sentence (422 provider_validation). */
function validationRejection(body: unknown): ProviderRejection | null {
  const b = body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  if (!b || b['Type'] !== 'ValidationException') return null;
  const message = xeroErrorMessage(body) ?? 'Xero refused the record.';
  const code = typeof b['ErrorNumber'] === 'number' ? String(b['ErrorNumber']) : null;
  return new ProviderRejection(`Xero refused the request (HTTP 400: ${message})`, DUPLICATE_NAME.test(message) ? 'duplicate_name' : 'validation', code);
}

/** Any Accounting API call (reads, and the actions' PUT/POST writes) through the company's limiter. */
export function createXeroRequest(deps: XeroApiDeps): XeroRequest {
  const base = deps.apiBaseUrl.replace(/\/+$/, '');

  return async function send(auth, resource, options = {}) {
    const url = new URL(`${base}/${resource}`);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const { signal } = options;
    let token = await auth.accessToken();
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        const bearer = token;
        response = await deps.limiters.forCompany('xero', auth.companyId).fetch(
          () => {
            // Per attempt: time queued in the limiter must not count against the request.
            const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
            const headers: Record<string, string> = {
              Accept: 'application/json',
              Authorization: `Bearer ${bearer}`,
              'xero-tenant-id': auth.companyId, // every Accounting call names its organisation (api-facts.md §2)
            };
            if (options.modifiedSince != null) headers['If-Modified-Since'] = ifModifiedSinceHeader(options.modifiedSince);
            if (options.body !== undefined) headers['Content-Type'] = 'application/json';
            if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
            return deps.fetch(url, {
              method: options.method ?? 'GET',
              headers,
              ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
              signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
            });
          },
          { meter: auth.meter, signal },
        );
      } catch (error) {
        if (signal?.aborted || error instanceof ProviderError) throw error;
        throw new ProviderError('unavailable', 'Xero could not be reached.');
      }
      const rateLimit = readRateLimit(response.headers);
      if (rateLimit) deps.onRateLimit?.(auth.companyId, rateLimit);
      if (response.status === 304) {
        await response.body?.cancel();
        return { body: null, rateLimit };
      }
      if (response.status === 429) {
        await response.body?.cancel();
        throw rateLimitErrorFrom(response, deps.clock.now());
      }
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        if (response.ok) throw new ProviderError('malformed_response', `Xero answered ${resource} with a body that is not JSON.`);
      }
      if (response.status === 401 && attempt === 0) {
        token = await auth.accessToken(token); // expired or revoked: refresh once (single-flight in the token service)
        continue;
      }
      if (response.status === 401) {
        // A valid token without the endpoint's scope is 401 AuthorizationUnsuccessful (Xero-NetStandard#298).
        if (xeroErrorMessage(body) === 'AuthorizationUnsuccessful') {
          throw new ProviderError('rejected', `The Xero consent does not cover ${resource}; reconnect Xero to grant it.`);
        }
        throw new ProviderError('unauthorized', 'Xero refused the access token.');
      }
      if (response.status === 403) throw new XeroTenantDisconnectedError(auth.companyId);
      if (response.status >= 500) throw new ProviderError('unavailable', `Xero failed (HTTP ${response.status}).`);
      if (!response.ok) {
        const rejection = response.status === 400 ? validationRejection(body) : null;
        if (rejection) throw rejection;
        const message = xeroErrorMessage(body);
        throw new ProviderError('rejected', `Xero refused the request (HTTP ${response.status}${message ? `: ${message}` : ''}).`);
      }
      return { body, rateLimit };
    }
  };
}
