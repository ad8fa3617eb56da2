import type { Provider } from '../../lib/model';
import type { Clock } from '../clock';
import { ProviderError, type ApiAuth, type ProviderClient, type ProviderTokens } from '../providers/provider-client';
import type { Store } from '../store';
import type { SelectableCompany } from '../store/oauth-selections';
import type { SyncService } from '../sync/sync-service';

export interface LinkDeps {
  store: Store;
  clock: Clock;
  sync: SyncService;
}

/** Token-only auth for the first calls of a grant: its connections do not exist yet. */
export function grantAuth(companyId: string, tokens: ProviderTokens, label: string): ApiAuth {
  return {
    companyId,
    connectionId: 'pending',
    accessToken: async (rejected) => {
      if (rejected) throw new ProviderError('unauthorized', `${label} refused the new access token.`);
      return tokens.accessToken;
    },
  };
}

/**
 * Links companies of one grant: each becomes its own connection (companyId = realmId / tenantId, name, currency,
 * Xero's ShortCode) pointing at the SAME grant, so its tokens are refreshed once for all of them. An existing
 * connection to the company (a reconnect) keeps its id, links and mirror and just moves to the new grant; its sync
 * then continues from its checkpoint. Returns the companies' names.
 */
export async function linkCompanies(
  deps: LinkDeps,
  input: {
    provider: Provider;
    client: ProviderClient;
    label: string;
    workspaceId: string;
    seatId: string;
    tokens: ProviderTokens;
    /** The grant already stored (a selection); otherwise the first connection creates it. */
    grantId?: string | undefined;
    companies: readonly SelectableCompany[];
  },
): Promise<string[]> {
  const names: string[] = [];
  let grantId = input.grantId;
  for (const company of input.companies) {
    const info = await input.client.companyInfo(grantAuth(company.id, input.tokens, input.label));
    const connection = await deps.store.connections.upsertWithTokens({
      workspaceId: input.workspaceId,
      provider: input.provider,
      companyId: company.id,
      companyName: info.name,
      currency: info.currency,
      seatId: input.seatId,
      tokens: input.tokens,
      now: deps.clock.now(),
      ...(grantId === undefined ? {} : { grantId }),
      shortCode: info.shortCode ?? null,
      providerConnectionId: company.providerConnectionId,
    });
    grantId = connection.grantId;
    deps.sync.start(connection.id, 'initial');
    names.push(info.name);
  }
  return names;
}
