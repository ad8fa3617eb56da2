import { z } from 'zod';
import { ProviderError } from '../provider-client';

/**
 * api.xero.com/connections (xero-identity.yaml): the organisations a user connected to this app. xero-node's
 * updateTenants() and disconnect() hard-code https://api.xero.com/connections, so these two calls use fetch against
 * the configured connectionsUrl. They are not organisation-scoped, so they do not go through a company's limiter.
 */
export interface XeroTenant {
  /** Xero's connection id: what DELETE /connections/{id} takes. */
  connectionId: string;
  tenantId: string;
  tenantName: string;
  tenantType: string;
  authEventId: string | null;
}

const ConnectionsSchema = z.array(
  z
    .object({
      id: z.string().min(1),
      tenantId: z.string().min(1),
      tenantType: z.string().optional(),
      tenantName: z.string().nullish(),
      authEventId: z.string().nullish(),
    })
    .passthrough(),
);

const TIMEOUT_MS = 15_000;

/**
 * The authentication_event_id claim of a Xero access token (a JWT clients may decode; xero-node reads it too). It
 * names the consent the token came from, so GET /connections?authEventId= lists only the organisations just chosen.
 */
export function authEventIdOf(accessToken: string): string | null {
  const payload = accessToken.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const value = claims && typeof claims === 'object' ? (claims as Record<string, unknown>)['authentication_event_id'] : undefined;
    return typeof value === 'string' && value ? value : null;
  } catch {
    return null;
  }
}

export interface ConnectionsDeps {
  connectionsUrl: string;
  fetch: typeof fetch;
}

async function call(deps: ConnectionsDeps, url: string, accessToken: string, method: 'GET' | 'DELETE'): Promise<Response> {
  try {
    return await deps.fetch(url, {
      method,
      headers: { Accept: 'application/json', Authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ProviderError('unavailable', 'Xero could not be reached.');
  }
}

/** Null = 401 (token expired or revoked): the caller refreshes and retries. */
export async function fetchConnections(deps: ConnectionsDeps, accessToken: string, authEventId: string | null): Promise<XeroTenant[] | null> {
  const url = new URL(deps.connectionsUrl);
  if (authEventId) url.searchParams.set('authEventId', authEventId);
  const response = await call(deps, url.toString(), accessToken, 'GET');
  if (response.status === 401) {
    await response.body?.cancel();
    return null;
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ProviderError(response.status >= 500 ? 'unavailable' : 'rejected', `Xero did not list the connected organisations (HTTP ${response.status}).`);
  }
  const parsed = ConnectionsSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ProviderError('malformed_response', 'Xero sent an unexpected list of connections.');
  return parsed.data
    .filter((c) => (c.tenantType ?? 'ORGANISATION').toUpperCase() === 'ORGANISATION') // practice-manager tenants have no Accounting API
    .map((c) => ({
      connectionId: c.id,
      tenantId: c.tenantId,
      tenantName: c.tenantName?.trim() || c.tenantId,
      tenantType: c.tenantType ?? 'ORGANISATION',
      authEventId: c.authEventId ?? null,
    }));
}

/** DELETE /connections/{id}: 204; 404 = already gone, which is what the caller wanted. Null = 401. */
export async function deleteConnection(deps: ConnectionsDeps, accessToken: string, connectionId: string): Promise<true | null> {
  const url = `${deps.connectionsUrl.replace(/\/+$/, '')}/${encodeURIComponent(connectionId)}`;
  const response = await call(deps, url, accessToken, 'DELETE');
  await response.body?.cancel();
  if (response.status === 401) return null;
  if (response.ok || response.status === 404) return true;
  throw new ProviderError(response.status >= 500 ? 'unavailable' : 'rejected', `Xero did not remove the connection (HTTP ${response.status}).`);
}
