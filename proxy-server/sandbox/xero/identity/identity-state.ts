import { randomBytes } from 'node:crypto';
import { newGuid } from '../support/guid';

/**
 * Grants, authorisation codes and connections of the Xero identity service. One consent = one grant = one
 * authentication event (authEventId), which may cover several organisations (xero-identity.yaml Connection.authEventId).
 * Connections belong to the user and the app, not to a grant: re-consenting to a tenant updates the existing connection
 * (updatedDateUtc, authEventId) rather than adding a second one.
 */
export interface TokenResponse {
  id_token?: string;
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  refresh_token?: string;
  scope: string;
}

export interface RefreshTokenState {
  authEventId: string;
  issuedAt: number;
  /** Set once used: the old token keeps returning `replacement` for the grace period (api-facts.md section 2). */
  rotatedAt?: number;
  replacement?: TokenResponse;
}

export interface Grant {
  authEventId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  authTime: number;
  sessionId: string;
  revoked: boolean;
}

export interface AuthorisationCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  tenantIds: string[];
  issuedAt: number;
  nonce?: string;
}

export interface Connection {
  id: string;
  tenantId: string;
  clientId: string;
  userId: string;
  authEventId: string;
  createdAt: number;
  updatedAt: number;
}

export interface IdentityState {
  codes: Map<string, AuthorisationCode>;
  grants: Map<string, Grant>;
  refreshTokens: Map<string, RefreshTokenState>;
  connections: Connection[];
  /** Per-process signing secret for the JWT-shaped tokens; a restart invalidates every token, as it should. */
  signingSecret: string;
}

export function createIdentityState(): IdentityState {
  return {
    codes: new Map(),
    grants: new Map(),
    refreshTokens: new Map(),
    connections: [],
    signingSecret: randomBytes(32).toString('base64url'),
  };
}

export function opaqueToken(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

export function createGrant(
  state: IdentityState,
  input: { clientId: string; userId: string; scopes: string[]; now: number },
): Grant {
  const grant: Grant = {
    authEventId: newGuid(),
    clientId: input.clientId,
    userId: input.userId,
    scopes: input.scopes,
    authTime: input.now,
    sessionId: opaqueToken(16),
    revoked: false,
  };
  state.grants.set(grant.authEventId, grant);
  return grant;
}

export function connectTenants(state: IdentityState, grant: Grant, tenantIds: readonly string[], now: number): void {
  for (const tenantId of tenantIds) {
    const existing = state.connections.find(
      (connection) =>
        connection.tenantId === tenantId && connection.clientId === grant.clientId && connection.userId === grant.userId,
    );
    if (existing) {
      existing.authEventId = grant.authEventId;
      existing.updatedAt = now;
    } else {
      state.connections.push({
        id: newGuid(),
        tenantId,
        clientId: grant.clientId,
        userId: grant.userId,
        authEventId: grant.authEventId,
        createdAt: now,
        updatedAt: now,
      });
    }
  }
}

export function connectionsOf(state: IdentityState, grant: Grant): Connection[] {
  return state.connections.filter(
    (connection) => connection.clientId === grant.clientId && connection.userId === grant.userId,
  );
}

/** Revoking a refresh token ends the grant and disconnects the organisations it authorised. */
export function revokeGrant(state: IdentityState, grant: Grant): void {
  grant.revoked = true;
  state.connections = state.connections.filter((connection) => connection.authEventId !== grant.authEventId);
}
