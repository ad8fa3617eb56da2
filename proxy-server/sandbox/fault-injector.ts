import type { MiddlewareHandler } from 'hono';
import type { ProviderEmulator, SandboxProvider } from './emulator.js';
import type { WebhookFaultKind, WebhookFaultSource } from './webhook-shaper.js';

/**
 * Injected failures for provider routes (POST /__sandbox/faults), so clients' retry, timeout and reconnect paths are
 * tested against the wire, not mocks. Each fault fires for `count` matching requests (default 1), then disappears.
 * The webhook kinds apply to the next `count` webhook deliveries instead of requests (webhook-shaper.ts).
 */
export type HttpFaultKind = '5xx' | 'slow' | 'timeout' | 'malformed' | '429' | 'revoke';
export type FaultKind = HttpFaultKind | WebhookFaultKind;
export const FAULT_KINDS = ['5xx', 'slow', 'timeout', 'malformed', '429', 'revoke', 'webhook-duplicate', 'webhook-out-of-order'] as const;

export interface Fault {
  provider: SandboxProvider;
  /** Substring of the path after `/{provider}` (e.g. `/query`, `/oauth2/v1/tokens/bearer`); all routes when absent. */
  route?: string;
  kind: FaultKind;
  remaining: number;
  /** 'slow': the delay; 'timeout': how long the connection is held before it is dropped. */
  delayMs?: number;
}

/** How long 'slow' delays (long enough to notice, shorter than sane client timeouts) and 'timeout' holds. */
export const SLOW_MS = 1500;
export const TIMEOUT_MS = 30_000;

export interface FaultInjector extends WebhookFaultSource {
  add(fault: Omit<Fault, 'remaining'> & { count?: number }): void;
  clear(): void;
  list(): Fault[];
  middleware(emulator: ProviderEmulator): MiddlewareHandler;
}

const isWebhookKind = (kind: FaultKind): kind is WebhookFaultKind => kind === 'webhook-duplicate' || kind === 'webhook-out-of-order';

/** A truncated body with a 200, like a proxy cutting a response short; starts like the provider's real envelope. */
const MALFORMED: Record<SandboxProvider, string> = {
  qbo: '{"QueryResponse":{"Customer":[{"Id":"1","Disp',
  xero: '{"Id":"6b9d6c2e-5b9a-4c7e-9f0a-1d2c3b4a5e6f","Status":"OK","ProviderName":"LedgerLens","DateTimeUTC":"\\/Date(17',
};

export function createFaultInjector(deps: { sleep?: (ms: number) => Promise<void> } = {}): FaultInjector {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  let faults: Fault[] = [];
  const take = (provider: SandboxProvider, match: (fault: Fault) => boolean): Fault | undefined => {
    const fault = faults.find((f) => f.provider === provider && match(f));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) faults = faults.filter((f) => f !== fault);
    return fault;
  };
  return {
    add: ({ count = 1, ...fault }) => {
      faults.push({ ...fault, remaining: count });
    },
    clear: () => {
      faults = [];
    },
    list: () => faults.map((fault) => ({ ...fault })),
    takeWebhookFault: (provider) => {
      const fault = take(provider as SandboxProvider, (f) => isWebhookKind(f.kind));
      return fault === undefined || !isWebhookKind(fault.kind) ? undefined : { kind: fault.kind, last: fault.remaining <= 0 };
    },
    middleware: (emulator) => async (c, next) => {
      const path = c.req.path.slice(emulator.provider.length + 1);
      const fault = take(emulator.provider, (f) => !isWebhookKind(f.kind) && (f.route === undefined || path.includes(f.route)));
      if (fault === undefined) return next();
      switch (fault.kind) {
        case 'slow':
          await sleep(fault.delayMs ?? SLOW_MS);
          return next();
        case 'timeout': {
          // Hold the request past the client's timeout, then drop the TCP connection without a response.
          await sleep(fault.delayMs ?? TIMEOUT_MS);
          const incoming = (c.env as { incoming?: { socket?: { destroy(): void } } } | undefined)?.incoming;
          incoming?.socket?.destroy();
          return c.body(null, 504);
        }
        case 'revoke':
          emulator.revokeAll?.();
          return next();
        case 'malformed':
          return c.body(MALFORMED[emulator.provider], 200, { 'content-type': 'application/json;charset=utf-8' });
        default: {
          const kind = fault.kind === '429' ? '429' : '5xx';
          const custom = emulator.faultBody?.(kind);
          const status = custom?.status ?? (kind === '429' ? 429 : 503);
          return c.body(typeof custom?.body === 'string' ? custom.body : JSON.stringify(custom?.body ?? { error: kind }), status as 429, {
            'content-type': 'application/json;charset=utf-8',
            ...(kind === '429' ? { 'retry-after': '60' } : {}),
            ...custom?.headers,
          });
        }
      }
    },
  };
}
