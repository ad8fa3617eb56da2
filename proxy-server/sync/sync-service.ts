import type { EntityCounts, SyncTrigger } from '../../lib/model';
import type { Clock } from '../clock';
import { ProviderError, type ApiAuth, type ProviderRegistry } from '../providers/provider-client';
import type { TokenService } from '../providers/token-refresh';
import type { Store } from '../store';
import type { SkippedInput } from '../store/sync-log';
import { sharedEmailNotices } from './shared-emails';

/**
 * ONE sync per company, whatever the number of seats (DESIGN.md "Why the mirror lives in the proxy"). The sync pages
 * customers from the provider into the mirror; unchanged records keep their seq. Runs in the background: the
 * connection row carries status and progress for GET /v1/connections, and every run is written to the sync log
 * (trigger, counts, duration, provider calls, errors, skipped records) for GET /v1/sync-runs and /v1/skipped-records.
 */
export interface SyncService {
  /** Starts a sync unless one is running for the connection. */
  start(connectionId: string, trigger?: SyncTrigger): void;
  isRunning(connectionId: string): boolean;
  /** Cancels a running sync and waits for it to stop (disconnect). */
  cancel(connectionId: string): Promise<void>;
  /** Resolves when no sync is running (tests, shutdown). */
  idle(): Promise<void>;
}

export interface SyncLogger {
  info(message: string): void;
  warn(message: string): void;
}

export function createSyncService(deps: {
  store: Store;
  providers: ProviderRegistry;
  tokens: TokenService;
  clock: Clock;
  log?: SyncLogger;
  /** Skip customers without an email (reason no_email), for workspaces that match CRM records by email only. */
  requireEmail?: boolean;
}): SyncService {
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const log = deps.log ?? { info: () => undefined, warn: (m: string) => console.warn(m) };

  async function run(connectionId: string, trigger: SyncTrigger, signal: AbortSignal): Promise<void> {
    const connection = await deps.store.connections.getById(connectionId);
    if (!connection) return;
    const startedAt = deps.clock.now();
    const runId = await deps.store.syncLog.startRun({ workspaceId: connection.workspaceId, connectionId, trigger, now: startedAt });
    const counts: EntityCounts = { fetched: 0, changed: 0, removed: 0, skipped: 0 };
    const meter = { calls: 0 };
    const finish = (status: 'succeeded' | 'failed' | 'cancelled', errors: string[], skipped?: SkippedInput[]) =>
      deps.store.syncLog.finishRun({
        runId,
        status,
        counts: { customer: counts },
        providerCalls: meter.calls,
        errors,
        now: deps.clock.now(),
        ...(skipped ? { skipped } : {}),
      });

    const client = deps.providers[connection.provider];
    if (!client) {
      const message = `${connection.provider} is not configured on this proxy.`;
      await deps.store.connections.setStatus(connectionId, { status: 'error', statusMessage: message });
      await finish('failed', [message]);
      return;
    }
    const scope = {
      workspaceId: connection.workspaceId,
      connectionId,
      provider: connection.provider,
      companyId: connection.companyId,
    };
    const auth: ApiAuth = {
      companyId: connection.companyId,
      connectionId,
      accessToken: (rejected) => deps.tokens.accessToken(connectionId, rejected),
      meter,
    };
    const progress = { entity: 'customer', done: 0, total: null };
    await deps.store.connections.setStatus(connectionId, { status: 'syncing', progress });
    const seen: { id: string; displayName: string; emails: string[] }[] = [];
    const skipped: SkippedInput[] = [];
    try {
      for await (const page of client.listCustomers(auth, { homeCurrency: connection.currency, signal })) {
        if (signal.aborted) break;
        const imported = page.customers.filter((c) => {
          if (!deps.requireEmail || c.emails.length > 0) return true;
          skipped.push({
            entity: 'customer',
            providerId: c.id,
            reason: 'no_email',
            message: `${c.displayName} has no email address, and this workspace matches customers by email only.`,
          });
          return false;
        });
        counts.changed += await deps.store.mirror.upsertCustomers(scope, imported, deps.clock.now());
        for (const c of imported) seen.push({ id: c.id, displayName: c.displayName, emails: c.emails });
        skipped.push(...page.skipped);
        counts.fetched += page.customers.length + page.skipped.length;
        progress.done += page.customers.length + page.skipped.length;
        await deps.store.connections.setStatus(connectionId, { status: 'syncing', progress });
      }
      if (signal.aborted) {
        await finish('cancelled', []).catch(() => undefined);
        return;
      }
      counts.skipped = skipped.length;
      // Skipped records are still the provider's: keep whatever copy the mirror has rather than deleting it.
      const keep = [...seen.map((c) => c.id), ...skipped.flatMap((s) => (s.providerId ? [s.providerId] : []))];
      counts.removed = await deps.store.mirror.tombstoneMissing(scope, keep, deps.clock.now());
      await deps.store.connections.setStatus(connectionId, {
        status: 'connected',
        statusMessage: skipped.length ? `${skipped.length} customer record(s) could not be imported; see the sync log.` : null,
        lastSyncAt: deps.clock.now(),
      });
      await finish('succeeded', [], [...skipped, ...sharedEmailNotices(seen)]);
      log.info(`sync ${connectionId}: ${seen.length} customers, ${counts.changed} changed, ${counts.removed} removed, ${skipped.length} skipped`);
    } catch (error) {
      if (signal.aborted) {
        await finish('cancelled', []).catch(() => undefined);
        return;
      }
      const dead = error instanceof ProviderError && (error.kind === 'invalid_grant' || error.kind === 'unauthorized');
      const message =
        error instanceof ProviderError ? error.message : 'The sync failed unexpectedly; it will be retried.';
      if (!(error instanceof ProviderError)) log.warn(`sync ${connectionId} failed: ${(error as Error)?.message}`);
      await deps.store.connections.setStatus(connectionId, {
        status: dead ? 'reconnect_required' : 'error',
        statusMessage: message,
      });
      counts.skipped = skipped.length;
      await finish('failed', [message]);
    }
  }

  return {
    start(connectionId, trigger = 'manual') {
      if (running.has(connectionId)) return;
      const controller = new AbortController();
      const done = run(connectionId, trigger, controller.signal)
        .catch((error: unknown) => log.warn(`sync ${connectionId} crashed: ${(error as Error)?.message}`))
        .finally(() => running.delete(connectionId));
      running.set(connectionId, { controller, done });
    },
    isRunning: (connectionId) => running.has(connectionId),
    async cancel(connectionId) {
      const entry = running.get(connectionId);
      if (!entry) return;
      entry.controller.abort();
      await entry.done;
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}
