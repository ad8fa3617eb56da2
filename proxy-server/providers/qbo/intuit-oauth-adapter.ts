import OAuthClient from 'intuit-oauth';
import { z } from 'zod';
import type { ProviderEndpoints } from '../catalogue';
import { ProviderError, type ProviderTokens } from '../provider-client';

/**
 * intuit-oauth keeps its endpoints in static (process-wide) fields that setAuthorizeURLs overwrites. Quirk: we set
 * them immediately before every call; each call reads them synchronously inside its Promise executor, so two
 * clients with different endpoints (two sandboxes in one test process) cannot see each other's URLs.
 * A fresh OAuthClient per call also keeps one connection's tokens out of another's client state.
 */
export interface IntuitConfig {
  clientId: string;
  clientSecret: string;
  environment: 'sandbox' | 'production';
  redirectUri: string;
  endpoints: ProviderEndpoints;
}

export function intuitClient(config: IntuitConfig): OAuthClient {
  const client = new OAuthClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    environment: config.environment,
    redirectUri: config.redirectUri,
  });
  client.setAuthorizeURLs({
    authorizeEndpoint: config.endpoints.authorizeUrl,
    tokenEndpoint: config.endpoints.tokenUrl,
    revokeEndpoint: config.endpoints.revokeUrl,
    userInfoEndpoint: config.endpoints.userinfoUrl ?? config.endpoints.authorizeUrl,
  });
  return client;
}

const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  x_refresh_token_expires_in: z.coerce.number().positive().optional(),
});

export function tokensFromResponse(json: unknown, now: number): ProviderTokens {
  const parsed = TokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new ProviderError('malformed_response', 'QuickBooks sent an unexpected token response.');
  const t = parsed.data;
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    accessExpiresAt: now + t.expires_in * 1000,
    refreshExpiresAt: t.x_refresh_token_expires_in ? now + t.x_refresh_token_expires_in * 1000 : null,
  };
}

/** intuit-oauth rejects with a wrapped Error carrying `error` (the OAuth error code) and an authResponse. */
export function providerErrorFromIntuit(error: unknown, action: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = (error ?? {}) as { error?: unknown; authResponse?: { response?: { status?: number } }; code?: unknown };
  const oauthCode = typeof e.error === 'string' ? e.error : '';
  const status = e.authResponse?.response?.status;
  if (oauthCode === 'invalid_grant') {
    return new ProviderError('invalid_grant', 'QuickBooks no longer accepts this connection. Reconnect it.');
  }
  if (status === 429) return new ProviderError('rate_limited', `QuickBooks is rate limiting ${action}; try again in a minute.`, 60);
  if (status === 401 || oauthCode === 'invalid_client') {
    return new ProviderError('rejected', `QuickBooks rejected this proxy's app credentials during ${action}.`);
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return new ProviderError('rejected', `QuickBooks refused ${action} (HTTP ${status}${oauthCode ? `, ${oauthCode}` : ''}).`);
  }
  return new ProviderError('unavailable', `QuickBooks could not be reached for ${action}.`);
}
