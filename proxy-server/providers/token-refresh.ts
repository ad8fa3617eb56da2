import { PROVIDER_LABEL } from '../../lib/model';
import type { Clock } from '../clock';
import type { Store } from '../store';
import type { StoredTokens } from '../store/connections';
import { ProviderError, type ProviderClient, type ProviderTokens } from './provider-client';

/** Refresh when less than this is left, so a sync page never starts with a token about to die. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Pure decision: refresh only when the access token is (nearly) expired — Intuit asks apps not to refresh on every
 * call (api-facts.md §1 OAuth).
 */
export function shouldRefresh(tokens: Pick<ProviderTokens, 'accessExpiresAt'>, now: number): boolean {
  return tokens.accessExpiresAt - now < REFRESH_MARGIN_MS;
}

export interface TokenService {
  /** A usable access token for the connection, refreshing (single-flight) when needed or when `rejected` is current. */
  accessToken(connectionId: string, rejected?: string): Promise<string>;
  /** Current tokens, for revocation. */
  current(connectionId: string): Promise<ProviderTokens | null>;
}

/**
 * Single flight per GRANT (not per connection: several Xero organisations share one consent, and its refresh token
 * rotates, so two tenants refreshing separately would each spend the token the other just replaced), at two levels
 * (api-facts.md §4 "One refresh per grant"; oauth-jsclient#138):
 * - in this process, concurrent callers of every connection of the grant share one promise;
 * - across processes sharing the database, the refresher holds `SELECT … FOR UPDATE` on the grant's token row for
 *   the whole refresh. A process that waited for the lock re-reads the row under it and, finding the tokens the
 *   other process just stored, uses them instead of spending the (already rotated) refresh token.
 * The rotated refresh token is committed before the new access token is handed to anyone: losing it would strand
 * the grant. On invalid_grant the row is re-read once (someone may have rotated it without the lock, e.g. a
 * reconnect); only if nothing changed is every connection of the grant marked reconnect_required (which tells the seats).
 */
export function createTokenService(deps: {
  store: Store;
  providers: Partial<Record<string, ProviderClient>>;
  clock: Clock;
  onGrantDead?: (connectionId: string, message: string) => Promise<void>;
}): TokenService {
  const inFlight = new Map<string, Promise<string>>();
  const gone = () => new ProviderError('invalid_grant', 'This connection no longer exists.');

  const needsRefresh = (tokens: ProviderTokens, rejected: string | undefined) =>
    rejected !== undefined ? tokens.accessToken === rejected : shouldRefresh(tokens, deps.clock.now());

  async function refreshNow(connectionId: string, before: StoredTokens, rejected: string | undefined): Promise<string> {
    const { grantId } = before;
    const connection = await deps.store.connections.getById(connectionId);
    if (!connection) throw gone();
    const client = deps.providers[connection.provider];
    if (!client) throw new ProviderError('unavailable', `${connection.provider} is not configured on this proxy.`);
    try {
      return await deps.store.db.transaction(async (tx) => {
        const locked = await deps.store.connections.getGrantTokens(grantId, tx, { forUpdate: true });
        if (!locked) throw gone();
        if (!needsRefresh(locked.tokens, rejected)) return locked.tokens.accessToken; // another process refreshed
        const fresh = await client.refresh(locked.tokens);
        if (!(await deps.store.connections.saveGrantTokens(grantId, fresh, locked.version, deps.clock.now(), tx))) {
          throw new Error('token row changed under its lock'); // cannot happen while FOR UPDATE holds
        }
        return fresh.accessToken;
      });
    } catch (error) {
      if (error instanceof ProviderError && error.kind === 'invalid_grant') {
        // A reconnect may have moved this connection to a new grant meanwhile: use that one.
        const again = await deps.store.connections.getTokens(connectionId);
        if (again && (again.grantId !== grantId || again.version !== before.version) && !needsRefresh(again.tokens, rejected)) {
          return again.tokens.accessToken;
        }
        const message = `${PROVIDER_LABEL[connection.provider]} no longer accepts this connection. Reconnect it.`;
        for (const sharing of await deps.store.connections.listByGrant(grantId)) await deps.onGrantDead?.(sharing.id, message);
      }
      throw error;
    }
  }

  return {
    async accessToken(connectionId, rejected) {
      const before = await deps.store.connections.getTokens(connectionId);
      if (!before) throw gone();
      if (!needsRefresh(before.tokens, rejected)) return before.tokens.accessToken;
      const running = inFlight.get(before.grantId);
      // A refresh of this grant is already under way (maybe for another organisation): its result is newer than
      // whatever was rejected.
      if (running) return running;
      const promise = refreshNow(connectionId, before, rejected).finally(() => inFlight.delete(before.grantId));
      inFlight.set(before.grantId, promise);
      return promise;
    },
    async current(connectionId) {
      return (await deps.store.connections.getTokens(connectionId))?.tokens ?? null;
    },
  };
}
