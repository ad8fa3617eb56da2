import type { Hono } from 'hono';
import type { DemoContact } from './demo-crm/demo-contact.js';
import type { WebhookFaultSource } from './webhook-shaper.js';

/**
 * The sandbox is one HTTP listener hosting one emulator per provider. Each emulator speaks its provider's wire format
 * under a path prefix that mirrors the real hosts' paths (`/qbo/v3/company/{realmId}/query`,
 * `/xero/api.xro/2.0/Contacts`), and the control API (`/__sandbox/*`, DESIGN.md) drives all of them through this
 * interface. Adding a provider = one more ProviderEmulator in the list in server.ts.
 */
export type SandboxProvider = 'qbo' | 'xero';

export interface SandboxCompany {
  provider: SandboxProvider;
  /** QBO realmId or Xero tenantId. */
  id: string;
  name: string;
  currency: string;
}

export interface ResetOptions {
  seed: number;
  /** Customers per company (the demo default is small; benchmarks ask for 100,000). */
  customers?: number;
  /** Invoices per company. */
  invoices?: number;
  /**
   * Apply `customers`/`invoices` to this provider only; the other emulators reseed at their default size. Lets a
   * benchmark build one very large company without paying memory for every company of every provider.
   */
  provider?: SandboxProvider;
  /** Apply `customers`/`invoices` to this company (realmId / tenantId) only; the provider's others use the defaults. */
  companyId?: string;
}

/** Controlled time, so token expiry and CDC windows can be tested without waiting. */
export interface SandboxClock {
  /** Milliseconds since the epoch, sandbox time. */
  now(): number;
  advance(seconds: number): void;
}

export interface ProviderEmulator {
  readonly provider: SandboxProvider;
  /** Mounted at `/${provider}` on the sandbox listener. */
  readonly routes: Hono;
  /** The provider's URLs as served by this sandbox (GET /__sandbox/endpoints). */
  endpoints(baseUrl: string): Record<string, string>;
  companies(): SandboxCompany[];
  /** A valid access token for direct API calls, as the providers' API explorers give (POST /__sandbox/token). */
  issueToken(companyId: string): { access_token: string; expires_in: number };
  reset(options: ResetOptions): void;
  /** The CRM-side view of this provider's customers, for the demo CRM pages (`/demo-crm/`). */
  demoContacts?(): DemoContact[];
  /** Optional: the provider's own body for an injected server error or throttle (POST /__sandbox/faults). */
  faultBody?(kind: '5xx' | '429'): { status: number; body: unknown; headers?: Record<string, string> };
  /** Optional: revoke every grant, as a user disconnecting the app does (fault kind 'revoke'). */
  revokeAll?(): void;
  /** Optional: deliver signed webhooks for entity changes to `url` (POST /__sandbox/webhooks). */
  subscribeWebhook?(subscription: WebhookSubscription): void | Promise<unknown>;
  /** Optional: drop every webhook subscription (DELETE /__sandbox/webhooks). */
  clearWebhooks?(): void;
  /** Optional: the sandbox hands its fault injector over, for the webhook fault kinds. */
  attachFaults?(source: WebhookFaultSource): void;
  /** Optional: send deliveries a 'webhook-out-of-order' fault is holding (DELETE /__sandbox/faults, reset). */
  releaseHeldWebhooks?(): void;
}

export interface WebhookSubscription {
  url: string;
  /** The verifier token / webhook key used to sign bodies. */
  key: string;
  format?: 'legacy' | 'cloudevents';
}

export function createClock(): SandboxClock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance: (seconds: number) => {
      offsetMs += seconds * 1000;
    },
  };
}
