import { type SandboxClock } from '../../emulator';
import { newGuid } from '../support/guid';
import { decodeVerifiedJwt, encodeJwt } from '../support/jwt-shaped';
import { type Grant, type IdentityState, opaqueToken, type TokenResponse } from './identity-state';

/** Access tokens live 30 minutes (api-facts.md section 2; recorded/test_token_api_refresh_token.yaml expires_in 1800). */
export const ACCESS_TOKEN_SECONDS = 1800;
/** Unused refresh tokens expire after 60 days. */
export const REFRESH_TOKEN_IDLE_MS = 60 * 86_400_000;
/** A rotated refresh token may be retried for 30 minutes and returns the same new pair. */
export const REFRESH_GRACE_MS = 30 * 60_000;

export const SANDBOX_USER = {
  userId: '2d6e7a4b-5c1f-4f8e-9a3b-7c6d5e4f3a21',
  email: 'sandbox.user@ledgerlens.example',
  givenName: 'Sandbox',
  familyName: 'User',
};

export interface TokenIssuerDeps {
  state: IdentityState;
  clock: SandboxClock;
  issuer: () => string;
}

export interface AccessTokenClaims {
  authEventId: string;
  expiresAt: number;
  scopes: string[];
}

export function createTokenIssuer({ state, clock, issuer }: TokenIssuerDeps) {
  function accessToken(grant: Grant): string {
    const nowSeconds = Math.floor(clock.now() / 1000);
    return encodeJwt(
      {
        nbf: nowSeconds,
        exp: nowSeconds + ACCESS_TOKEN_SECONDS,
        iss: issuer(),
        aud: `${issuer()}/resources`,
        client_id: grant.clientId,
        sub: grant.userId.replaceAll('-', ''),
        auth_time: Math.floor(grant.authTime / 1000),
        xero_userid: grant.userId,
        global_session_id: grant.sessionId,
        sid: grant.sessionId,
        jti: opaqueToken(16),
        authentication_event_id: grant.authEventId,
        scope: grant.scopes,
        amr: ['pwd'],
      },
      state.signingSecret,
    );
  }

  function idToken(grant: Grant, nonce: string | undefined): string {
    const nowSeconds = Math.floor(clock.now() / 1000);
    return encodeJwt(
      {
        nbf: nowSeconds,
        exp: nowSeconds + 300,
        iat: nowSeconds,
        iss: issuer(),
        aud: grant.clientId,
        ...(nonce === undefined ? {} : { nonce }),
        sub: grant.userId.replaceAll('-', ''),
        auth_time: Math.floor(grant.authTime / 1000),
        xero_userid: grant.userId,
        global_session_id: grant.sessionId,
        sid: grant.sessionId,
        preferred_username: SANDBOX_USER.email,
        email: SANDBOX_USER.email,
        given_name: SANDBOX_USER.givenName,
        family_name: SANDBOX_USER.familyName,
        name: `${SANDBOX_USER.givenName} ${SANDBOX_USER.familyName}`,
        amr: ['pwd'],
      },
      state.signingSecret,
    );
  }

  /** Field order as recorded: id_token, access_token, expires_in, token_type, refresh_token, scope. */
  function issue(grant: Grant, nonce?: string): TokenResponse {
    const response: TokenResponse = {
      ...(grant.scopes.includes('openid') ? { id_token: idToken(grant, nonce) } : {}),
      access_token: accessToken(grant),
      expires_in: ACCESS_TOKEN_SECONDS,
      token_type: 'Bearer',
      scope: grant.scopes.join(' '),
    };
    if (grant.scopes.includes('offline_access')) {
      const refreshToken = opaqueToken();
      state.refreshTokens.set(refreshToken, { authEventId: grant.authEventId, issuedAt: clock.now() });
      return {
        ...(response.id_token === undefined ? {} : { id_token: response.id_token }),
        access_token: response.access_token,
        expires_in: response.expires_in,
        token_type: response.token_type,
        refresh_token: refreshToken,
        scope: response.scope,
      };
    }
    return response;
  }

  /** Rotation with a grace period; undefined means invalid_grant. */
  function refresh(refreshToken: string, clientId: string): TokenResponse | undefined {
    const tokenState = state.refreshTokens.get(refreshToken);
    if (!tokenState) return undefined;
    const grant = state.grants.get(tokenState.authEventId);
    if (!grant || grant.revoked || grant.clientId !== clientId) return undefined;
    const now = clock.now();
    if (tokenState.rotatedAt !== undefined) {
      return now - tokenState.rotatedAt <= REFRESH_GRACE_MS ? tokenState.replacement : undefined;
    }
    if (now - tokenState.issuedAt > REFRESH_TOKEN_IDLE_MS) return undefined;
    const replacement = issue(grant);
    tokenState.rotatedAt = now;
    tokenState.replacement = replacement;
    return replacement;
  }

  /** Verifies signature, expiry and that the grant is still live. */
  function verifyAccessToken(token: string): { grant: Grant; claims: AccessTokenClaims } | { error: 'invalid' | 'expired'; expiredAt?: number } {
    const payload = decodeVerifiedJwt(token, state.signingSecret);
    const authEventId = payload?.['authentication_event_id'];
    const exp = payload?.['exp'];
    const scope = payload?.['scope'];
    if (typeof authEventId !== 'string' || typeof exp !== 'number' || !Array.isArray(scope)) return { error: 'invalid' };
    const grant = state.grants.get(authEventId);
    if (!grant || grant.revoked) return { error: 'invalid' };
    if (clock.now() >= exp * 1000) return { error: 'expired', expiredAt: exp * 1000 };
    return {
      grant,
      claims: { authEventId, expiresAt: exp * 1000, scopes: scope.filter((s): s is string => typeof s === 'string') },
    };
  }

  return { issue, refresh, verifyAccessToken, newCode: () => opaqueToken(24), newId: newGuid };
}

export type TokenIssuer = ReturnType<typeof createTokenIssuer>;
