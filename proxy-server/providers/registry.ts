import { z } from 'zod';
import type { Provider } from '../../lib/model';
import type { Clock } from '../clock';
import type { Env } from '../env';
import { PROVIDER_CATALOGUE, type ProviderEndpoints } from './catalogue';
import { createLimiterRegistry, type LimiterRegistry } from './limiter';
import type { ProviderRegistry } from './provider-client';
import { createQboClient } from './qbo/qbo-client';
import { withQboWrites } from './qbo/qbo-writes';
import { createXeroProvider } from './xero/xero-provider';

const EndpointsSchema = z.object({
  authorizeUrl: z.url(),
  tokenUrl: z.url(),
  revokeUrl: z.url(),
  userinfoUrl: z.url().optional(),
  connectionsUrl: z.url().optional(),
  apiBaseUrl: z.url(),
  appBaseUrl: z.url(),
});
const ControlEndpointsSchema = z.object({
  qbo: EndpointsSchema,
  // Xero needs its connections endpoint (tenants); a sandbox without Xero leaves Xero unconfigured.
  xero: EndpointsSchema.extend({ connectionsUrl: z.url() }).optional().catch(undefined),
});

/**
 * Where each provider lives: the catalogue's real URLs, or — when SANDBOX_URL is set — whatever the sandbox's control
 * API says (GET /__sandbox/endpoints), so the same client code talks to either.
 */
export async function resolveEndpoints(
  env: Pick<Env, 'sandboxUrl' | 'qbo'> & Partial<Pick<Env, 'xero'>>,
  fetchImpl: typeof fetch = fetch,
): Promise<Partial<Record<Provider, ProviderEndpoints>>> {
  if (!env.sandboxUrl) {
    // Xero has one production host; its "sandbox" is a demo company reached through the same endpoints.
    return { qbo: PROVIDER_CATALOGUE.qbo.endpoints[env.qbo?.environment ?? 'sandbox'], xero: PROVIDER_CATALOGUE.xero.endpoints.production };
  }
  const url = `${env.sandboxUrl}/__sandbox/endpoints`;
  let body: unknown;
  // A few tries: the sandbox may still be starting, and a pooled keep-alive socket may have been closed under us.
  for (let attempt = 1; ; attempt += 1) {
    try {
      const response = await fetchImpl(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      body = await response.json();
      break;
    } catch (error) {
      if (attempt < 3) {
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
        continue;
      }
      const cause = (error as Error).cause as Error | undefined;
      throw new Error(`could not read provider endpoints from ${url}: ${(error as Error).message}${cause ? ` (${cause.message})` : ''}`, {
        cause: error,
      });
    }
  }
  const parsed = ControlEndpointsSchema.safeParse(body);
  if (!parsed.success) throw new Error(`${url} did not return the expected endpoints`);
  return { qbo: parsed.data.qbo, ...(parsed.data.xero ? { xero: parsed.data.xero } : {}) };
}

/**
 * Builds a client for every provider that has credentials; the others answer provider_not_configured. QBO and Xero
 * share one limiter registry, keyed by (provider, company).
 */
export function createProviders(input: {
  env: Pick<Env, 'qbo'> & Partial<Pick<Env, 'xero'>>;
  endpoints: Partial<Record<Provider, ProviderEndpoints>>;
  publicUrl: string;
  clock: Clock;
  fetch?: typeof fetch;
  limiters?: LimiterRegistry;
}): ProviderRegistry {
  const registry: ProviderRegistry = {};
  const limiters = input.limiters ?? createLimiterRegistry();
  const qboEndpoints = input.endpoints.qbo;
  if (input.env.qbo && qboEndpoints) {
    registry.qbo = withQboWrites(
      createQboClient({
        ...input.env.qbo,
        redirectUri: `${input.publicUrl}/oauth/qbo/callback`,
        endpoints: qboEndpoints,
        clock: input.clock,
        limiters,
        ...(input.fetch ? { fetch: input.fetch } : {}),
      }),
      { endpoints: qboEndpoints, limiters, ...(input.fetch ? { fetch: input.fetch } : {}) },
    );
  }
  const xeroEndpoints = input.endpoints.xero;
  if (input.env.xero && xeroEndpoints) {
    registry.xero = createXeroProvider({
      ...input.env.xero,
      redirectUri: `${input.publicUrl}/oauth/xero/callback`,
      endpoints: xeroEndpoints,
      scopes: PROVIDER_CATALOGUE.xero.scopes,
      clock: input.clock,
      limiters,
      ...(input.fetch ? { fetch: input.fetch } : {}),
    });
  }
  return registry;
}
