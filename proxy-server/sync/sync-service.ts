import type { SyncTrigger } from '../../lib/model';
import type { Clock } from '../clock';
import { ProviderError, type ApiAuth, type ProviderRegistry } from '../providers/provider-client';
import type { TokenService } from '../providers/token-refresh';
import type { Store } from '../store';
import { createCompanyLock, type CompanyLock } from './company-lock';
import { runSync } from './sync-run';
import type { SyncHooks } from './run-context';

/**
 * ONE sync per company, whatever the number of seats (DESIGN.md "Why the mirror lives in the proxy"). A run imports
 * what is pending (resumable), reads changes incrementally (CDC), consumes queued webhook events, and on schedule
 * checks counts. Single flight per connection: in this process a second trigger while one runs is coalesced into
 * one follow-up run; across processes an advisory lock (company-lock.ts) lets only one run at a time.
 */
export interface SyncService {
  /** Starts a sync, or — when one is running — queues one follow-up run (coalescing every trigger meanwhile). */
  start(connectionId: string, trigger?: SyncTrigger): void;
  isRunning(connectionId: string): boolean;
  /** Cancels a running sync and waits for it to stop (disconnect). */
  cancel(connectionId: string): Promise<void>;
  /** Resolves when no sync is running (tests). */
  idle(): Promise<void>;
  /** Aborts every run (their progress is kept, so the next process resumes) and waits: proxy shutdown. */
  shutdown(): Promise<void>;
}

export interface SyncLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface SyncServiceDeps {
  store: Store;
  providers: ProviderRegistry;
  tokens: TokenService;
  clock: Clock;
  log?: SyncLogger;
  /** Skip customers without an email (reason no_email), for workspaces that match CRM records by email only. */
  requireEmail?: boolean;
  /** Page size for full imports (default: the provider's maximum, QBO 1,000). */
  pageSize?: number;
  hooks?: SyncHooks;
  lock?: CompanyLock;
}

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const again = new Map<string, SyncTrigger>();
  const log = deps.log ?? { info: () => undefined, warn: (m: string) => console.warn(m) };
  const lock = deps.lock ?? createCompanyLock(deps.store.db);
  let stopping = false;

  async function guarded(connectionId: string, trigger: SyncTrigger, signal: AbortSignal): Promise<void> {
    const connection = await deps.store.connections.getById(connectionId);
    if (!connection) return;
    const client = deps.providers[connection.provider];
    if (!client?.sync) {
      // The Xero readers are wired by the lead; until then its webhook events wait in the queue.
      if (!client) await deps.store.connections.setStatus(connectionId, { status: 'error', statusMessage: `${connection.provider} is not configured on this proxy.` });
      return;
    }
    const auth: ApiAuth = {
      companyId: connection.companyId,
      connectionId,
      accessToken: (rejected) => deps.tokens.accessToken(connectionId, rejected),
      meter: { calls: 0 },
    };
    const result = await lock(connectionId, () =>
      runSync({ ...deps, log, connection, client, sync: client.sync!, auth, trigger, signal, hooks: deps.hooks ?? {} }),
    );
    if (!result.ran) log.info(`sync ${connectionId}: another proxy process is syncing this company; trigger coalesced`);
  }

  function launch(connectionId: string, trigger: SyncTrigger): void {
    const controller = new AbortController();
    const done = guarded(connectionId, trigger, controller.signal)
      .catch((error: unknown) => {
        if (!(error instanceof ProviderError) && !controller.signal.aborted) log.warn(`sync ${connectionId} crashed: ${(error as Error)?.message}`);
      })
      .finally(() => {
        running.delete(connectionId);
        const next = again.get(connectionId);
        again.delete(connectionId);
        if (next && !stopping && !controller.signal.aborted) launch(connectionId, next);
      });
    running.set(connectionId, { controller, done });
  }

  return {
    start(connectionId, trigger = 'manual') {
      if (stopping) return;
      if (running.has(connectionId)) {
        // Coalesce: one follow-up run covers every trigger that arrived meanwhile (a webhook's events are in the
        // queue, so the follow-up consumes them even if it is labelled by an earlier trigger).
        if (!again.has(connectionId) || trigger !== 'webhook') again.set(connectionId, trigger);
        return;
      }
      launch(connectionId, trigger);
    },
    isRunning: (connectionId) => running.has(connectionId),
    async cancel(connectionId) {
      again.delete(connectionId);
      const entry = running.get(connectionId);
      if (!entry) return;
      entry.controller.abort();
      await entry.done;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
    },
    async shutdown() {
      stopping = true;
      again.clear();
      for (const entry of running.values()) entry.controller.abort();
      while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}
