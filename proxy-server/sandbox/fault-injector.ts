import type { MiddlewareHandler } from 'hono';
import type { ProviderEmulator, SandboxProvider } from './emulator.js';

/**
 * Injected failures for provider routes (POST /__sandbox/faults), so clients' retry, timeout and reconnect paths are
 * tested against the wire, not mocks. Each fault fires for `count` matching requests (default 1), then disappears.
 */
export type FaultKind = '5xx' | 'slow' | 'timeout' | 'malformed' | '429' | 'revoke';

export interface Fault {
  provider: SandboxProvider;
  /** Substring of the path after `/{provider}` (e.g. `/query`, `/oauth2/v1/tokens/bearer`); all routes when absent. */
  route?: string;
  kind: FaultKind;
  remaining: number;
}

/** How long 'slow' delays (long enough to notice, shorter than sane client timeouts) and 'timeout' hangs. */
export const SLOW_MS = 1500;
export const TIMEOUT_MS = 125_000;

export interface FaultInjector {
  add(fault: Omit<Fault, 'remaining'> & { count?: number }): void;
  clear(): void;
  list(): Fault[];
  middleware(emulator: ProviderEmulator): MiddlewareHandler;
}

export function createFaultInjector(deps: { sleep?: (ms: number) => Promise<void> } = {}): FaultInjector {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  let faults: Fault[] = [];
  const take = (provider: SandboxProvider, path: string): Fault | undefined => {
    const fault = faults.find((f) => f.provider === provider && (f.route === undefined || path.includes(f.route)));
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
    middleware: (emulator) => async (c, next) => {
      const path = c.req.path.slice(emulator.provider.length + 1);
      const fault = take(emulator.provider, path);
      if (fault === undefined) return next();
      switch (fault.kind) {
        case 'slow':
          await sleep(SLOW_MS);
          return next();
        case 'timeout':
          await sleep(TIMEOUT_MS);
          return c.text('Gateway Timeout', 504);
        case 'revoke':
          emulator.revokeAll?.();
          return next();
        case 'malformed':
          // A truncated JSON body with a 200, like a proxy cutting a response short.
          return c.body('{"QueryResponse":{"Customer":[{"Id":"1","Disp', 200, { 'content-type': 'application/json;charset=utf-8' });
        default: {
          const kind = fault.kind;
          const custom = emulator.faultBody?.(kind);
          const status = custom?.status ?? (kind === '429' ? 429 : 503);
          return c.body(JSON.stringify(custom?.body ?? { error: kind }), status as 429, {
            'content-type': 'application/json;charset=utf-8',
            ...(kind === '429' ? { 'retry-after': '60' } : {}),
            ...custom?.headers,
          });
        }
      }
    },
  };
}
