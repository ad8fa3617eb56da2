import { PROVIDER_LABEL } from '../../lib/model';
import type { Clock } from '../clock';
import { HttpError } from '../errors';
import type { ApiAuth, ProviderClient, ProviderRegistry } from '../providers/provider-client';
import type { ProviderWrites } from '../providers/provider-writes';
import type { TokenService } from '../providers/token-refresh';
import type { Store } from '../store';
import type { ConnectionRecord } from '../store/connections';
import type { MirrorScope } from '../store/mirror';

/** What every action service needs (a slice of AppDeps, so unit tests build it without an app). */
export interface ActionDeps {
  store: Store;
  providers: ProviderRegistry;
  tokens: TokenService;
  clock: Clock;
}

export interface ResolvedConnection {
  connection: ConnectionRecord;
  client: ProviderClient;
  auth: ApiAuth;
  scope: MirrorScope;
}

/** The seat's connection, its provider client and API auth; 404 outside the workspace, 409 when it needs reconnecting. */
export async function resolveConnection(deps: ActionDeps, workspaceId: string, connectionId: string): Promise<ResolvedConnection> {
  const connection = await deps.store.connections.get(workspaceId, connectionId);
  if (!connection) throw new HttpError(404, 'not_found', 'That connection is not part of this workspace.');
  if (connection.status === 'reconnect_required') {
    throw new HttpError(409, 'conflict', `${PROVIDER_LABEL[connection.provider]} needs to be reconnected before anything can be created in ${connection.companyName}.`);
  }
  const client = deps.providers[connection.provider];
  if (!client) throw new HttpError(400, 'provider_not_configured', `${PROVIDER_LABEL[connection.provider]} is not configured on this proxy.`);
  return {
    connection,
    client,
    auth: {
      companyId: connection.companyId,
      connectionId: connection.id,
      accessToken: (rejected) => deps.tokens.accessToken(connection.id, rejected),
    },
    scope: { workspaceId, connectionId: connection.id, provider: connection.provider, companyId: connection.companyId },
  };
}

/** The write operation, or 422 not_supported with a sentence naming what the provider lacks. */
export function requireWrite<K extends Exclude<keyof ProviderWrites, 'sendableKinds'>>(resolved: ResolvedConnection, name: K, what: string): ProviderWrites[K] {
  const method = resolved.client[name];
  if (!method) {
    throw new HttpError(422, 'not_supported', `${PROVIDER_LABEL[resolved.connection.provider]} does not support ${what} through LedgerLens.`);
  }
  return method.bind(resolved.client) as ProviderWrites[K];
}
