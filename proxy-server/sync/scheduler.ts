import type { Clock } from '../clock';
import type { Store } from '../store';
import type { SyncService } from './sync-service';

/** Processed webhook events are kept this long to recognise redeliveries (Intuit retries for hours, api-facts.md). */
const WEBHOOK_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

export interface SyncScheduler {
  /** One pass: due companies get a 'schedule' run, companies with queued webhook events a 'webhook' run. */
  tick(): Promise<void>;
  stop(): void;
}

/**
 * The periodic reconcile (issue 4 §4): ONE timer per process. Each company runs at its own frequencyMinutes
 * (default 60) — CDC since the last sync plus the count check (sync-run.ts). Several processes may tick at once;
 * the per-company advisory lock makes all but one of them skip.
 */
export function createSyncScheduler(deps: { store: Store; sync: SyncService; clock: Clock; tickMs?: number | false }): SyncScheduler {
  let ticking = false;
  async function tick(): Promise<void> {
    if (ticking) return;
    ticking = true;
    try {
      const now = deps.clock.now();
      for (const connection of await deps.store.connections.listAll()) {
        if (connection.status === 'reconnect_required') continue;
        // A run in progress (an initial import has no lastSyncAt yet) is not queued behind: its follow-up would read
        // CDC over everything the import just wrote and re-check every count (issue 7's P3: 22 CDC calls, a re-import).
        if (deps.sync.isRunning(connection.id)) continue;
        const { frequencyMinutes } = await deps.store.syncState.getSettings(connection.id);
        const last = connection.lastSyncAt ? Date.parse(connection.lastSyncAt) : null;
        if (last === null || now - last >= frequencyMinutes * 60_000) deps.sync.start(connection.id, 'schedule');
      }
      // Events whose run was lost (a crash between queueing and processing, a coalesced trigger in another process).
      for (const { provider, companyId } of await deps.store.webhookEvents.pendingCompanies()) {
        for (const connection of await deps.store.connections.findByCompany(provider, companyId)) deps.sync.start(connection.id, 'webhook');
      }
      await deps.store.webhookEvents.purgeProcessed(now - WEBHOOK_RETENTION_MS);
    } finally {
      ticking = false;
    }
  }
  const timer =
    deps.tickMs === false ? null : setInterval(() => void tick().catch((e: unknown) => console.warn(`sync scheduler: ${(e as Error)?.message}`)), deps.tickMs ?? 30_000);
  timer?.unref();
  return {
    tick,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}
