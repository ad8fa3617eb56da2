import type { Customer, Provider, SkipReason } from '../../lib/model';

/**
 * One interface for every accounting provider. The proxy's routes and sync speak only this; quirks (QBO's realmId
 * on the redirect, Xero's tenants from /connections) live inside each implementation as small named functions.
 */
export interface ProviderTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  /** Epoch ms, when the provider says; null when unknown. */
  refreshExpiresAt: number | null;
}

export interface Grant {
  tokens: ProviderTokens;
  /** The companies this grant reaches (QBO: the one realmId on the redirect; Xero: every tenant). */
  companyIds: string[];
}

export interface CompanyInfo {
  id: string;
  name: string;
  /** Home currency (ISO 4217) when the provider tells us. */
  currency: string | null;
}

/** How API calls get a usable access token; `rejected` is the token the provider just answered 401 to. */
export interface ApiAuth {
  companyId: string;
  connectionId: string;
  accessToken(rejected?: string): Promise<string>;
  /** Counts the provider calls made with this auth (a sync run's "calls spent"). */
  meter?: { calls: number } | undefined;
}

export interface SkippedRecord {
  entity: 'customer';
  providerId: string | null;
  reason: SkipReason;
  message: string;
}

export interface CustomerPage {
  customers: Customer[];
  skipped: SkippedRecord[];
}

export interface ProviderClient {
  readonly provider: Provider;
  authorizeUrl(state: string): string;
  /** `callbackUrl` is the full URL the browser landed on (code, state, and provider extras like realmId). */
  exchangeCode(callbackUrl: URL): Promise<Grant>;
  refresh(tokens: ProviderTokens): Promise<ProviderTokens>;
  revoke(tokens: ProviderTokens): Promise<void>;
  companyInfo(auth: ApiAuth): Promise<CompanyInfo>;
  listCustomers(auth: ApiAuth, options: { homeCurrency: string | null; signal?: AbortSignal }): AsyncIterable<CustomerPage>;
  deepLink(companyId: string, entity: 'customer', id: string): string;
}

export type ProviderErrorKind =
  /** The grant is dead (revoked, expired, rotated away): the user must reconnect. */
  | 'invalid_grant'
  /** The provider refused the access token even after a refresh. */
  | 'unauthorized'
  | 'rate_limited'
  /** A response we cannot read (not JSON, wrong envelope). */
  | 'malformed_response'
  /** The provider answered with a business/validation fault. */
  | 'rejected'
  /** Network failure or 5xx. */
  | 'unavailable';

/** Provider failures, with messages safe to show to users and to log: never tokens or raw bodies. */
export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export type ProviderRegistry = Partial<Record<Provider, ProviderClient>>;
