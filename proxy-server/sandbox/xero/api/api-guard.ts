import { type MiddlewareHandler } from 'hono';
import { connectionsOf, type IdentityState } from '../identity/identity-state';
import { type TokenIssuer } from '../identity/token-issuer';
import { isGuid, newGuid } from '../support/guid';
import { type TenantStore } from '../store/tenant-store';
import { type ApiEnv } from './api-env';
import {
  badTenantHeaderResponse,
  forbiddenResponse,
  insufficientScopeResponse,
  tokenExpiredResponse,
  unauthorisedResponse,
} from './problem';
import { type RateLimiter } from './rate-limits';
import { scopeAllows } from './scopes';

export interface ApiGuardDeps {
  state: IdentityState;
  issuer: TokenIssuer;
  tenants: () => ReadonlyMap<string, TenantStore>;
  limiter: RateLimiter;
  /** Artificial latency per call (ms), so tests can have several calls in flight and meet the concurrency limit. */
  responseDelayMs: () => number;
}

/**
 * Every Accounting API call: a live Bearer token (401), an `xero-tenant-id` header (403 when missing or not connected
 * to this user and app, 400 when not a GUID; NangoHQ/nango#203), a scope that covers the endpoint, then the rate
 * limits. Limit headers go on every admitted or throttled response (recorded/test_get_organisations.yaml).
 */
export function createApiGuard(deps: ApiGuardDeps): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const correlationId = newGuid();
    c.set('correlationId', correlationId);
    c.header('Xero-Correlation-Id', correlationId);
    const token = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim();
    if (!token) return unauthorisedResponse(c);
    const verified = deps.issuer.verifyAccessToken(token);
    if ('error' in verified) {
      return verified.error === 'expired' && verified.expiredAt !== undefined
        ? tokenExpiredResponse(c, verified.expiredAt)
        : unauthorisedResponse(c);
    }
    const tenantId = c.req.header('xero-tenant-id')?.trim();
    if (!tenantId) return forbiddenResponse(c);
    if (!isGuid(tenantId)) return badTenantHeaderResponse(c);
    const tenant = deps.tenants().get(tenantId.toLowerCase());
    const connected = connectionsOf(deps.state, verified.grant).some((connection) => connection.tenantId === tenant?.organisation.tenantId);
    if (!tenant || !connected) return forbiddenResponse(c);
    const resource = /\/api\.xro\/2\.0\/([^/?]+)/.exec(c.req.path)?.[1] ?? '';
    if (!scopeAllows(verified.claims.scopes, resource, c.req.method)) return insufficientScopeResponse(c);

    const admission = deps.limiter.admit(tenant.organisation.tenantId);
    for (const [name, value] of Object.entries(admission.headers)) c.header(name, value);
    if (!admission.admitted) {
      c.header('Retry-After', String(admission.retryAfterSeconds));
      c.header('X-Rate-Limit-Problem', admission.problem);
      return c.text('', 429);
    }
    c.set('tenant', tenant);
    c.set('grant', verified.grant);
    try {
      const delay = deps.responseDelayMs();
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await next();
    } finally {
      admission.release();
    }
  };
}
