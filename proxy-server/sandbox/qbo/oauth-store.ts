import { randomToken } from '../random-token.js';
import type { SandboxClock } from '../emulator.js';
import {
  ACCESS_TOKEN_SECONDS, AUTH_CODE_SECONDS, PREVIOUS_REFRESH_GRACE_SECONDS, QBO_ACCOUNTING_SCOPE, REFRESH_TOKEN_SECONDS,
  type QboAppCredentials,
} from './oauth-config.js';

/** One user's consent for one app to one company; every token hangs off a grant, and revoking kills them all. */
export interface QboGrant {
  id: string;
  clientId: string;
  realmId: string;
  scopes: string[];
  userSub: string;
  revoked: boolean;
  currentRefreshToken: string;
  refreshExpiresAt: number;
  previousRefreshToken?: string;
  previousValidUntil?: number;
}

export interface QboTokenSet {
  grant: QboGrant;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  refreshExpiresIn: number;
}

export type AccessCheck =
  | { ok: true; grant: QboGrant }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' };

interface AuthCode {
  clientId: string;
  redirectUri: string;
  realmId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

export type QboOAuthStore = ReturnType<typeof createQboOAuthStore>;

export function createQboOAuthStore(deps: { clock: SandboxClock; app: QboAppCredentials }) {
  const { clock, app } = deps;
  const codes = new Map<string, AuthCode>();
  const grants = new Map<string, QboGrant>();
  const grantByRefreshToken = new Map<string, QboGrant>();
  const accessTokens = new Map<string, { grant: QboGrant; expiresAt: number }>();

  const issueAccess = (grant: QboGrant): QboTokenSet => {
    const accessToken = randomToken('sbx-qbo-at-', 32);
    accessTokens.set(accessToken, { grant, expiresAt: clock.now() + ACCESS_TOKEN_SECONDS * 1000 });
    return {
      grant,
      accessToken,
      refreshToken: grant.currentRefreshToken,
      expiresIn: ACCESS_TOKEN_SECONDS,
      refreshExpiresIn: Math.max(0, Math.round((grant.refreshExpiresAt - clock.now()) / 1000)),
    };
  };

  const newRefreshToken = (grant: QboGrant): void => {
    const token = randomToken('sbx-qbo-rt-', 24);
    grant.currentRefreshToken = token;
    grant.refreshExpiresAt = clock.now() + REFRESH_TOKEN_SECONDS * 1000;
    grantByRefreshToken.set(token, grant);
  };

  const createGrant = (clientId: string, realmId: string, scopes: string[]): QboGrant => {
    const grant: QboGrant = {
      id: randomToken('grant-', 8),
      clientId,
      realmId,
      scopes,
      userSub: `sandbox-user-${realmId}`,
      revoked: false,
      currentRefreshToken: '',
      refreshExpiresAt: 0,
    };
    grants.set(grant.id, grant);
    newRefreshToken(grant);
    return grant;
  };

  return {
    knowsClient: (clientId: string): boolean => clientId === app.clientId,
    authenticateClient: (clientId: string, secret: string): boolean =>
      clientId === app.clientId && secret === app.clientSecret,

    issueCode(request: { clientId: string; redirectUri: string; realmId: string; scopes: string[] }): string {
      const code = randomToken('sbx-qbo-code-', 16);
      codes.set(code, { ...request, expiresAt: clock.now() + AUTH_CODE_SECONDS * 1000, used: false });
      return code;
    },

    /** Codes are single use and live 10 minutes; redirect_uri must equal the one the code was issued for. */
    redeemCode(request: { code: string; clientId: string; redirectUri: string }): QboTokenSet | undefined {
      const entry = codes.get(request.code);
      if (entry === undefined || entry.used || entry.expiresAt <= clock.now()) return undefined;
      if (entry.clientId !== request.clientId || entry.redirectUri !== request.redirectUri) return undefined;
      entry.used = true;
      return issueAccess(createGrant(entry.clientId, entry.realmId, entry.scopes));
    },

    /**
     * Refresh rotates the refresh token every time (stricter than Intuit's 24–26 h cadence, so clients that fail to
     * persist the new one break in tests). The previous token keeps working for 24 h and returns the current pair,
     * which lets a client that lost a refresh response recover (api-facts.md pitfall 1).
     */
    refresh(request: { refreshToken: string; clientId: string }): QboTokenSet | undefined {
      const grant = grantByRefreshToken.get(request.refreshToken);
      const now = clock.now();
      if (grant === undefined || grant.revoked || grant.clientId !== request.clientId) return undefined;
      if (request.refreshToken === grant.currentRefreshToken) {
        if (grant.refreshExpiresAt <= now) return undefined;
        if (grant.previousRefreshToken !== undefined) grantByRefreshToken.delete(grant.previousRefreshToken);
        grant.previousRefreshToken = grant.currentRefreshToken;
        grant.previousValidUntil = now + PREVIOUS_REFRESH_GRACE_SECONDS * 1000;
        newRefreshToken(grant);
        return issueAccess(grant);
      }
      if (request.refreshToken === grant.previousRefreshToken && (grant.previousValidUntil ?? 0) > now) {
        return issueAccess(grant);
      }
      return undefined;
    },

    /** Revoking an access or refresh token revokes the whole grant (Intuit revoke endpoint semantics). */
    revoke(token: string, clientId: string): boolean {
      const grant = grantByRefreshToken.get(token) ?? accessTokens.get(token)?.grant;
      if (grant === undefined || grant.clientId !== clientId) return false;
      grant.revoked = true;
      return true;
    },

    /** Simulates the user disconnecting the app in QBO (fault kind 'revoke'). */
    revokeRealm(realmId: string): number {
      let count = 0;
      for (const grant of grants.values()) {
        if (grant.realmId === realmId && !grant.revoked) {
          grant.revoked = true;
          count += 1;
        }
      }
      return count;
    },

    /** A token for direct API calls (POST /__sandbox/token), like the API explorer's. */
    issueDirect(realmId: string): QboTokenSet {
      return issueAccess(createGrant(app.clientId, realmId, [QBO_ACCOUNTING_SCOPE]));
    },

    checkAccess(token: string | undefined): AccessCheck {
      if (token === undefined || token === '') return { ok: false, reason: 'missing' };
      const entry = accessTokens.get(token);
      if (entry === undefined) return { ok: false, reason: 'unknown' };
      if (entry.grant.revoked) return { ok: false, reason: 'revoked' };
      if (entry.expiresAt <= clock.now()) return { ok: false, reason: 'expired' };
      return { ok: true, grant: entry.grant };
    },
  };
}
