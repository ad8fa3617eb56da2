import type { Clock } from '../clock';
import type { ApiAuth, ProviderRegistry } from '../providers/provider-client';
import type { TokenService } from '../providers/token-refresh';
import type { Store } from '../store';
import type { ConnectionRecord } from '../store/connections';
import type { SyncService } from '../sync/sync-service';

export interface RemoveDeps {
  store: Store;
  providers: ProviderRegistry;
  tokens: TokenService;
  clock: Clock;
  sync: SyncService;
}

export function connectionAuth(tokens: TokenService, connection: ConnectionRecord): ApiAuth {
  return {
    companyId: connection.companyId,
    connectionId: connection.id,
    accessToken: (rejected) => tokens.accessToken(connection.id, rejected),
  };
}

/**
 * Disconnect (issue 4 §2): stop its sync, end access at the provider when `atProvider` (the user's own disconnect;
 * not when the provider told us it already ended it), then delete tokens, mirror and links — the feed tells every
 * seat. A grant shared with other companies (one Xero consent, several organisations) is not revoked, which would
 * cut them off too: only this organisation's Xero connection is removed; the last one revokes the grant.
 */
export async function removeConnection(deps: RemoveDeps, connection: ConnectionRecord, options: { atProvider: boolean }): Promise<void> {
  await deps.sync.cancel(connection.id);
  const client = deps.providers[connection.provider];
  if (options.atProvider && client) {
    try {
      const sharing = (await deps.store.connections.listByGrant(connection.grantId)).filter((c) => c.id !== connection.id);
      if (sharing.length > 0 && client.disconnectCompany) {
        await client.disconnectCompany(connectionAuth(deps.tokens, connection), connection.providerConnectionId);
      } else if (sharing.length === 0) {
        const tokens = await deps.tokens.current(connection.id);
        if (tokens) await client.revoke(tokens);
      }
    } catch (error) {
      // The user asked to disconnect: a provider outage must not keep their data here.
      console.warn(`disconnect ${connection.id} at the provider failed: ${(error as Error)?.message}`);
    }
  }
  await deps.store.connections.deleteWithTombstones(connection.id, deps.clock.now());
}
