import { Issuer, custom, type BaseClient } from 'openid-client';
import { XeroClient } from 'xero-node';
import type { ProviderEndpoints } from '../catalogue';
import { ProviderError, type ProviderTokens } from '../provider-client';

/**
 * xero-node for OAuth, pointed at configured endpoints. XeroClient.initialize() would run OpenID discovery against
 * the hard-coded https://identity.xero.com, so its `openIdClient` is built here from a manual openid-client Issuer
 * whose endpoints come from the catalogue (real Xero) or the sandbox's control API — the same code for both.
 *
 * Which xero-node paths are usable, and why the others are not:
 * - consent URL: `openIdClient.authorizationUrl` with buildConsentUrl's parameters (buildConsentUrl itself is async
 *   only for the discovery we skip; ProviderClient.authorizeUrl is synchronous);
 * - revocation: `XeroClient.revokeToken()` as is (it calls openIdClient.revoke → our revocation endpoint);
 * - code exchange and refresh: `openIdClient.grant`, not apiCallback/refreshToken, which validate the id_token against
 *   a JWKS we have no endpoint for, and not refreshWithRefreshToken/updateTenants/disconnect, which hard-code
 *   identity.xero.com and api.xero.com. We never read the id_token (identity is not used), and tokens taken straight
 *   from the token endpoint over TLS need no signature check (OpenID Connect Core §3.1.3.7).
 */
export interface XeroOAuthConfig {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: readonly string[];
  endpoints: Pick<ProviderEndpoints, 'authorizeUrl' | 'tokenUrl' | 'revokeUrl'>;
  /** Token/revocation request timeout; xero-node's default of 3.5 s is short for a busy identity service. */
  httpTimeoutMs?: number;
}

export function xeroSdk(config: XeroOAuthConfig, state?: string): XeroClient {
  const issuer = new Issuer({
    // The issuer identifier only matters for id_token and `iss` checks, which we do not run (see above).
    issuer: new URL(config.endpoints.tokenUrl).origin,
    authorization_endpoint: config.endpoints.authorizeUrl,
    token_endpoint: config.endpoints.tokenUrl,
    revocation_endpoint: config.endpoints.revokeUrl,
  });
  const sdk = new XeroClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUris: [config.redirectUri],
    scopes: [...config.scopes],
    ...(state === undefined ? {} : { state }),
    httpTimeout: config.httpTimeoutMs ?? 10_000,
  });
  const client: BaseClient = new issuer.Client({
    client_id: config.clientId,
    client_secret: config.clientSecret,
    redirect_uris: [config.redirectUri],
    token_endpoint_auth_method: 'client_secret_basic', // what Xero documents and xero-node sends
  });
  const timeout = config.httpTimeoutMs ?? 10_000;
  client[custom.http_options] = (_url, options) => ({ ...options, timeout });
  sdk.openIdClient = client;
  return sdk;
}

export function consentUrl(config: XeroOAuthConfig, state: string): string {
  // The parameters XeroClient.buildConsentUrl sends (redirect_uri, scope, state) plus response_type=code (its default).
  return xeroSdk(config, state).openIdClient.authorizationUrl({
    redirect_uri: config.redirectUri,
    scope: config.scopes.join(' '),
    state,
  });
}

interface TokenSetLike {
  access_token?: string | undefined;
  refresh_token?: string | undefined;
  expires_in?: number | undefined;
}

/** Xero issues no refresh-token expiry; an unused one lasts 60 days (api-facts.md §2), sliding with every refresh. */
const REFRESH_IDLE_MS = 60 * 24 * 60 * 60 * 1000;

export function tokensFromTokenSet(set: TokenSetLike, now: number): ProviderTokens {
  if (!set.access_token) throw new ProviderError('malformed_response', 'Xero sent a token response without an access token.');
  if (!set.refresh_token) {
    throw new ProviderError('malformed_response', 'Xero sent no refresh token (is offline_access among the scopes?).');
  }
  const expiresIn = typeof set.expires_in === 'number' && set.expires_in > 0 ? set.expires_in : 1800;
  return {
    accessToken: set.access_token,
    refreshToken: set.refresh_token,
    accessExpiresAt: now + expiresIn * 1000,
    refreshExpiresAt: now + REFRESH_IDLE_MS,
  };
}

/** openid-client throws OPError ({error, response}) for OAuth errors, RPError for unreadable answers, Node errors for I/O. */
export function providerErrorFromOAuth(error: unknown, action: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as { error?: unknown; response?: { statusCode?: number }; name?: unknown };
  const code = typeof e.error === 'string' ? e.error : '';
  const status = e.response?.statusCode;
  if (code === 'invalid_grant') return new ProviderError('invalid_grant', 'Xero no longer accepts this connection. Reconnect it.');
  if (code === 'invalid_client' || status === 401) {
    return new ProviderError('rejected', `Xero rejected this proxy's app credentials during ${action}.`);
  }
  if (status === 429) return new ProviderError('rate_limited', `Xero is rate limiting ${action}; try again in a minute.`, 60);
  if (status !== undefined && status >= 400 && status < 500) {
    return new ProviderError('rejected', `Xero refused ${action} (HTTP ${status}${code && !code.includes(' ') ? `, ${code}` : ''}).`);
  }
  if (e.name === 'RPError') return new ProviderError('malformed_response', `Xero sent an unexpected answer during ${action}.`);
  return new ProviderError('unavailable', `Xero could not be reached for ${action}.`);
}
