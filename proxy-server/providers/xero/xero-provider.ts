import { createLimiterRegistry } from '../limiter';
import type { ApiAuth, EntitySync } from '../provider-client';
import { createXeroClient, type XeroClientOptions } from './xero-client';
import type { XeroProviderClient } from './xero-provider-client';
import { createXeroSync } from './xero-sync';
import { createXeroWrites, type XeroWrites } from './xero-writes';

export type XeroProvider = XeroProviderClient & XeroWrites & { readonly sync: EntitySync };

/**
 * The Xero client as the proxy uses it: readers and OAuth (xero-client.ts), the every-entity sync (xero-sync.ts),
 * the writes (xero-writes.ts), and the one-organisation disconnect that leaves the consent's other organisations
 * connected (DELETE /connections/{id}). One limiter registry serves reads and writes alike.
 */
export function createXeroProvider(options: XeroClientOptions): XeroProvider {
  const limiters = options.limiters ?? createLimiterRegistry();
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const client = createXeroClient({ ...options, limiters, fetch: doFetch });
  const endpoints = options.endpoints;
  const writes = createXeroWrites({
    client,
    apiBaseUrl: endpoints?.apiBaseUrl ?? 'https://api.xero.com/api.xro/2.0',
    limiters,
    clock: options.clock,
    fetch: doFetch,
  });
  return Object.assign(client, writes, {
    sync: createXeroSync(client),
    disconnectCompany: (auth: ApiAuth, providerConnectionId: string | null) => client.disconnectTenant(auth, providerConnectionId ?? undefined),
  });
}
