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
  /**
   * Starts a sync, or — when one is running — queues one follow-up run (coalescing every trigger meanwhile). A
   * manual trigger ("Sync now") joins a running sync without a follow-up, and starts nothing within the cool-down
   * after a successful run (see `acceptsManual`).
   */
  start(connectionId: string, trigger?: SyncTrigger): void;
  isRunning(connectionId: string): boolean;
  /** Whether a manual trigger now would start a run: none running and no cool-down (callers mark the connection syncing). */
  acceptsManual(connectionId: string): boolean;
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
  /** Page size for full imports (default: the provider's maximum, QBO 1,000). */
  pageSize?: number;
  hooks?: SyncHooks;
  lock?: CompanyLock;
  /**
   * After a run that left the connection connected, manual triggers start nothing for this long (default 30 s):
   * fifty seats pressing "Sync now" within seconds cost one run, not one each (issue 7's P4). Webhooks and the
   * scheduler keep the mirror fresh meanwhile; they are not affected. 0 disables it.
   */
  manualCooldownMs?: number;
}

export const DEFAULT_MANUAL_COOLDOWN_MS = 30_000;

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const again = new Map<string, SyncTrigger>();
  const log = deps.log ?? { info: () => undefined, warn: (m: string) => console.warn(m) };
  const lock = deps.lock ?? createCompanyLock(deps.store.db);
  const cooldownMs = deps.manualCooldownMs ?? DEFAULT_MANUAL_COOLDOWN_MS;
  /** When the last run that left the connection connected finished (clock ms), and the settings it ran with. */
  const finishedOk = new Map<string, { at: number; settings: string }>();
  let stopping = false;
  const coolingDown = (connectionId: string) => {
    const last = finishedOk.get(connectionId);
    return last !== undefined && deps.clock.now() - last.at < cooldownMs;
  };
  const settingsKey = async (connectionId: string) => JSON.stringify(await deps.store.syncState.getSettings(connectionId));
  /**
   * A manual trigger within the cool-down that is not a bare press — settings changed since the last run (options
   * page: vendors on/off, historical range → re-import), or an import is pending — still runs.
   */
  async function hasNewWork(connectionId: string): Promise<boolean> {
    const last = finishedOk.get(connectionId);
    if (!last || (await settingsKey(connectionId)) !== last.settings) return true;
    return (await deps.store.syncState.progress(connectionId)).some((p) => p.status !== 'done');
  }

  async function guarded(connectionId: string, trigger: SyncTrigger, signal: AbortSignal): Promise<void> {
    const connection = await deps.store.connections.getById(connectionId);
    if (!connection) return;
    const client = deps.providers[connection.provider];
    if (!client?.sync) {
      // A provider wired without readers: its webhook events wait in the queue.
      if (!client) await deps.store.connections.setStatus(connectionId, { status: 'error', statusMessage: `${connection.provider} is not configured on this proxy.` });
      return;
    }
    const auth: ApiAuth = {
      companyId: connection.companyId,
      connectionId,
      accessToken: (rejected) => deps.tokens.accessToken(connectionId, rejected),
      meter: { calls: 0 },
    };
    const settingsAtStart = await settingsKey(connectionId);
    const result = await lock(connectionId, () =>
      runSync({ ...deps, log, connection, client, sync: client.sync!, auth, trigger, signal, hooks: deps.hooks ?? {} }),
    );
    if (!result.ran) log.info(`sync ${connectionId}: another proxy process is syncing this company; trigger coalesced`);
    // Only a run that succeeded starts the cool-down: after a failure "Sync now" is how a user retries.
    if (result.ran && !signal.aborted && (await deps.store.connections.getById(connectionId))?.status === 'connected') {
      finishedOk.set(connectionId, { at: deps.clock.now(), settings: settingsAtStart });
    }
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
        if (next && !stopping && !controller.signal.aborted) startOrCoolDown(connectionId, next);
      });
    running.set(connectionId, { controller, done });
  }

  function startNow(connectionId: string, trigger: SyncTrigger): void {
    if (stopping) return;
    if (running.has(connectionId)) {
      // Coalesce: one follow-up run covers every trigger that arrived meanwhile (a webhook's events are in the
      // queue, so the follow-up consumes them even if it is labelled by an earlier trigger).
      if (!again.has(connectionId) || trigger !== 'webhook') again.set(connectionId, trigger);
      return;
    }
    launch(connectionId, trigger);
  }

  /**
   * Manual triggers within the cool-down (a press, or a follow-up queued by presses during the run that just
   * succeeded) start nothing: the run the seats joined is their answer. Every other trigger starts (or queues).
   */
  function startOrCoolDown(connectionId: string, trigger: SyncTrigger): void {
    if (trigger !== 'manual' || running.has(connectionId) || !coolingDown(connectionId)) {
      startNow(connectionId, trigger);
      return;
    }
    hasNewWork(connectionId).then(
      (yes) => {
        if (yes) startNow(connectionId, trigger);
      },
      (error: unknown) => log.warn(`sync ${connectionId}: cool-down check failed: ${(error as Error).message}`),
    );
  }

  return {
    start(connectionId, trigger = 'manual') {
      if (!stopping) startOrCoolDown(connectionId, trigger);
    },
    isRunning: (connectionId) => running.has(connectionId),
    acceptsManual: (connectionId) => !stopping && !running.has(connectionId) && !coolingDown(connectionId),
    async cancel(connectionId) {
      again.delete(connectionId);
      finishedOk.delete(connectionId); // reset/disconnect: the next press must not be swallowed
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
