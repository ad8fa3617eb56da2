import type { Provider } from '../../lib/model';
import { XERO_GRANULAR_SCOPES } from './xero/xero-scopes';

/**
 * Providers as data (endpoints, scopes, limits), in the spirit of Nango's providers.yaml. Facts and sources:
 * /work/shared/reference/api-facts.md. A sandbox overrides `endpoints` from its control API.
 */
export interface ProviderEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  userinfoUrl?: string | undefined;
  connectionsUrl?: string | undefined;
  apiBaseUrl: string;
  appBaseUrl: string;
}

export interface ProviderEntry {
  label: string;
  scopes: string[];
  endpoints: { production: ProviderEndpoints; sandbox: ProviderEndpoints };
  limits: {
    accessTokenSeconds: number;
    /** Largest page the list endpoints accept. */
    pageSize: number;
    requestsPerMinute: number;
    /** Requests of one company in flight at once. */
    concurrent: number;
    /** Requests per company per day, or null when uncapped. */
    requestsPerDay: number | null;
  };
}

export const PROVIDER_CATALOGUE: Record<Provider, ProviderEntry> = {
  qbo: {
    label: 'QuickBooks Online',
    scopes: ['com.intuit.quickbooks.accounting'],
    endpoints: {
      production: {
        authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
        tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
        revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
        userinfoUrl: 'https://accounts.platform.intuit.com/v1/openid_connect/userinfo',
        apiBaseUrl: 'https://quickbooks.api.intuit.com',
        appBaseUrl: 'https://app.qbo.intuit.com',
      },
      sandbox: {
        authorizeUrl: 'https://appcenter.intuit.com/connect/oauth2',
        tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
        revokeUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
        userinfoUrl: 'https://sandbox-accounts.platform.intuit.com/v1/openid_connect/userinfo',
        apiBaseUrl: 'https://sandbox-quickbooks.api.intuit.com',
        appBaseUrl: 'https://app.sandbox.qbo.intuit.com',
      },
    },
    // 500 req/min per realm; query pages up to 1000; access tokens live 3600 s.
    limits: { accessTokenSeconds: 3600, pageSize: 1000, requestsPerMinute: 500, concurrent: 10, requestsPerDay: null },
  },
  xero: {
    label: 'Xero',
    // Granular scopes (api-facts.md §2 "2026 scope change"): the broad read scopes lacked Organisation (ShortCode)
    // and Items, and the actions write contacts and invoices. Per-scope reasons: providers/xero/xero-scopes.ts.
    scopes: [...XERO_GRANULAR_SCOPES],
    endpoints: {
      production: {
        authorizeUrl: 'https://login.xero.com/identity/connect/authorize',
        tokenUrl: 'https://identity.xero.com/connect/token',
        revokeUrl: 'https://identity.xero.com/connect/revocation',
        connectionsUrl: 'https://api.xero.com/connections',
        apiBaseUrl: 'https://api.xero.com/api.xro/2.0',
        appBaseUrl: 'https://go.xero.com',
      },
      sandbox: {
        authorizeUrl: 'https://login.xero.com/identity/connect/authorize',
        tokenUrl: 'https://identity.xero.com/connect/token',
        revokeUrl: 'https://identity.xero.com/connect/revocation',
        connectionsUrl: 'https://api.xero.com/connections',
        apiBaseUrl: 'https://api.xero.com/api.xro/2.0',
        appBaseUrl: 'https://go.xero.com',
      },
    },
    // 60 calls/min, 5 concurrent and 5,000/day per organisation (Starter tier: 1,000/day); access tokens live 30 min.
    limits: { accessTokenSeconds: 1800, pageSize: 100, requestsPerMinute: 60, concurrent: 5, requestsPerDay: 5000 },
  },
};
