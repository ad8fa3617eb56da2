import type { Customer, FeedEntity, SyncTrigger } from '../../lib/model';
import type { Clock } from '../clock';
import { CompanyDisconnectedError, ProviderError, SYNC_ENTITIES, type ApiAuth, type EntitySync, type ProviderClient, type SyncEntity } from '../providers/provider-client';
import type { Store } from '../store';
import type { ConnectionRecord } from '../store/connections';
import type { SkippedInput } from '../store/sync-log';
import { consumeWebhookEvents } from './webhook-consumer';
import { inconsistentEntities } from './consistency';
import { importPending } from './full-import';
import { incremental } from './incremental';
import { overdueByCustomer, todayOf, withOverdue } from './overdue';
import { wantedEntities, type RunContext, type SyncHooks } from './run-context';
import { sharedEmailNotices } from './shared-emails';
import type { SyncLogger } from './sync-service';

/** A full import's checkpoint starts this long before it, so changes made while it ran are read again by CDC. */
const IMPORT_OVERLAP_MS = 5 * 60 * 1000;

export interface RunInput {
  store: Store;
  clock: Clock;
  log: SyncLogger;
  connection: ConnectionRecord;
  client: ProviderClient;
  sync: EntitySync;
  auth: ApiAuth;
  trigger: SyncTrigger;
  signal: AbortSignal;
  hooks: SyncHooks;
  pageSize?: number | undefined;
}

/** One run of one company: import what is pending, read changes, consume webhooks, check counts, log it. */
export async function runSync(input: RunInput): Promise<void> {
  const { store, clock, connection, trigger } = input;
  const id = connection.id;
  const runId = await store.syncLog.startRun({ workspaceId: connection.workspaceId, connectionId: id, trigger, now: clock.now() });
  const settings = await store.syncState.getSettings(id);
  const ctx: RunContext = {
    store,
    clock,
    connection,
    scope: { workspaceId: connection.workspaceId, connectionId: id, provider: connection.provider, companyId: connection.companyId },
    auth: input.auth,
    sync: input.sync,
    settings,
    signal: input.signal,
    meter: input.auth.meter ?? { calls: 0 },
    counts: {},
    skipped: [],
    imported: new Set(),
    pageSize: input.pageSize,
    hooks: input.hooks,
  };
  /**
   * Closes the run. A run that read everything replaces the connection's whole skipped list; one that re-imported
   * some entities in full (a settings change: history range, require email) replaces just theirs.
   */
  const finish = (status: 'succeeded' | 'failed' | 'cancelled', errors: string[], full = false) => {
    const imported = status === 'succeeded' && !full ? [...ctx.imported] : [];
    const skipped = distinctSkipped(ctx.skipped);
    const listed = full
      ? { skipped }
      : imported.length > 0
        ? { skipped: skipped.filter((s) => imported.includes(s.entity as SyncEntity)), replaceEntities: imported }
        : {};
    return store.syncLog.finishRun({ runId, status, counts: ctx.counts, providerCalls: ctx.meter.calls, errors, now: clock.now(), ...listed });
  };

  try {
    const entities = order(wantedEntities(input.sync, settings));
    let cursor = await store.syncState.cursor(id);
    let full = false;
    let fresh = false;
    if (cursor.changedSince === null && cursor.importSince === null) {
      // First sync (or after a reset): import everything; CDC takes over from when it began — the provider's time of
      // the first page once it answers (full-import.ts), the proxy's clock less an overlap until then.
      await store.syncState.requestImport(id, entities, clock.now());
      await store.syncState.saveCursor(id, { importSince: clock.now() - IMPORT_OVERLAP_MS }, clock.now());
      full = true;
      fresh = true;
    } else {
      // An import with no checkpoint yet (interrupted by a restart) is still the full one.
      full = cursor.changedSince === null;
      await alignEntities(ctx, entities);
    }
    const imported = await importPending(ctx, entities, { pinCheckpoint: fresh });
    full = imported.length === entities.length || full;
    cursor = await promoteCheckpoint(ctx);
    // Issue 7's P3: no CDC while an import runs; once it has finished, ONE catch-up read of what changed since it
    // began (changes made during the import, records created after its counts), whatever triggered this run.
    const catchUp = imported.length > 0 && cursor.importSince === null && cursor.changedSince !== null;

    if ((trigger === 'schedule' || trigger === 'reconcile') && input.sync.stillConnected) {
      // Xero: an organisation removed from the app in Xero drops out of GET /connections (issue 4 §2).
      if (!(await input.sync.stillConnected(input.auth, { signal: input.signal }))) {
        throw new CompanyDisconnectedError(connection.companyId, `${connection.companyName} was disconnected from LedgerLens at the provider.`);
      }
    }
    if ((catchUp || (trigger !== 'webhook' && !full)) && cursor.changedSince !== null) {
      const result = await incremental(ctx, entities, cursor.changedSince);
      if (!result.ok) {
        input.log.info(`sync ${id}: incremental window unusable; importing ${result.reimport.join(', ')} again`);
        await reimport(ctx, entities, entities);
        full = true;
      }
    }
    if (trigger === 'schedule' || trigger === 'reconcile') {
      const drifted = await inconsistentEntities(ctx, entities);
      if (drifted.length > 0) {
        input.log.info(`sync ${id}: counts differ for ${drifted.join(', ')}; importing them again`);
        await reimport(ctx, drifted, entities);
      }
    }
    await consumeWebhookEvents(ctx, entities);
    // Customers imported in full after everything else this run imported got their overdue from those invoices, and
    // the catch-up's changes re-derived it for the customers they touched: a whole-company pass would change nothing.
    if (trigger !== 'webhook' && ctx.overdueCurrent !== true) await refreshOverdue(ctx);

    if (full || ctx.imported.has('customer')) {
      const customers = await store.mirror.liveRecords<Customer>(id, 'customer');
      ctx.skipped.push(...sharedEmailNotices(customers.map((c) => c.data)));
    }
    const failures = ctx.skipped.filter((s) => s.reason !== 'shared_email').length;
    await store.connections.setStatus(id, {
      status: 'connected',
      statusMessage: full && failures ? `${failures} record(s) could not be imported; see the sync log.` : null,
      ...(trigger === 'webhook' ? {} : { lastSyncAt: clock.now() }),
    });
    await finish('succeeded', [], full);
  } catch (error) {
    if (input.signal.aborted) {
      await finish('cancelled', []).catch(() => undefined);
      return;
    }
    if (error instanceof CompanyDisconnectedError) {
      // Disconnected from the provider's side: handled as the user's own disconnect (tokens, mirror, links go; the
      // feed tells every seat). No revoke: the provider already ended access, and the grant may serve other companies.
      input.log.info(`sync ${id}: ${error.message} Removing the connection.`);
      await finish('failed', [error.message]).catch(() => undefined);
      await store.connections.deleteWithTombstones(id, clock.now());
      return;
    }
    const dead = error instanceof ProviderError && (error.kind === 'invalid_grant' || error.kind === 'unauthorized');
    const message = error instanceof ProviderError ? error.message : 'The sync failed unexpectedly; it will be retried.';
    if (!(error instanceof ProviderError)) input.log.warn(`sync ${id} failed: ${(error as Error)?.message}`);
    await store.connections.setStatus(id, { status: dead ? 'reconnect_required' : 'error', statusMessage: message });
    await finish('failed', [message]);
  }
}

/** One entry per record and reason: a record read twice in one run (the import, then CDC's overlap) is listed once. */
function distinctSkipped(skipped: readonly SkippedInput[]): SkippedInput[] {
  const byKey = new Map<string, SkippedInput>();
  skipped.forEach((s, i) => byKey.set(s.providerId === null ? `#${i}` : JSON.stringify([s.entity, s.providerId, s.reason]), s));
  return [...byKey.values()];
}

function order(entities: readonly SyncEntity[]): SyncEntity[] {
  return SYNC_ENTITIES.filter((e) => entities.includes(e));
}

/** Settings changed the entity set: import newly wanted entities, tombstone ones no longer wanted (vendors off). */
async function alignEntities(ctx: RunContext, entities: readonly SyncEntity[]): Promise<void> {
  const progress = await ctx.store.syncState.progress(ctx.connection.id);
  const known = new Set(progress.map((p) => p.entity));
  const missing = entities.filter((e) => !known.has(e));
  if (missing.length > 0) await ctx.store.syncState.requestImport(ctx.connection.id, missing, ctx.clock.now());
  const unwanted = progress.map((p) => p.entity as SyncEntity).filter((e) => !entities.includes(e));
  for (const entity of unwanted) {
    const live = await ctx.store.mirror.liveRecords(ctx.connection.id, entity as FeedEntity);
    await ctx.store.mirror.tombstoneIds(ctx.scope, entity as FeedEntity, live.map((r) => r.id), ctx.clock.now());
  }
  if (unwanted.length > 0) await ctx.store.syncState.forgetProgress(ctx.connection.id, unwanted);
}

/** When no import is pending any more, the import's start becomes the incremental checkpoint. */
async function promoteCheckpoint(ctx: RunContext) {
  const { syncState } = ctx.store;
  const cursor = await syncState.cursor(ctx.connection.id);
  if (cursor.importSince === null) return cursor;
  const pending = (await syncState.progress(ctx.connection.id)).some((p) => p.status !== 'done');
  if (pending) return cursor;
  const next = { changedSince: Math.min(cursor.importSince, cursor.changedSince ?? Infinity), importSince: null };
  await syncState.saveCursor(ctx.connection.id, next, ctx.clock.now());
  return { ...cursor, ...next };
}

/** Imports some entities again; when they are all of them, the checkpoint restarts from this import. */
async function reimport(ctx: RunContext, drifted: readonly SyncEntity[], all: readonly SyncEntity[]): Promise<void> {
  const now = ctx.clock.now();
  if (drifted.length === all.length) await ctx.store.syncState.saveCursor(ctx.connection.id, { changedSince: null, importSince: now - IMPORT_OVERLAP_MS }, now);
  await ctx.store.syncState.requestImport(ctx.connection.id, drifted, now);
  await importPending(ctx, order(all), { pinCheckpoint: drifted.length === all.length });
  await promoteCheckpoint(ctx);
}

/** Overdue moves with the calendar, not only with changes: re-derive it for every customer on scheduled runs. */
async function refreshOverdue(ctx: RunContext): Promise<void> {
  const overdue = overdueByCustomer(await ctx.store.mirror.openInvoices(ctx.connection.id), todayOf(ctx.clock.now()));
  const customers = await ctx.store.mirror.liveRecords<Customer>(ctx.connection.id, 'customer');
  const stale = customers.filter((c) => (overdue.get(c.id) ?? '0') !== c.data.overdue).map((c) => c.data);
  if (stale.length > 0) await ctx.store.mirror.upsertRecords(ctx.scope, 'customer', withOverdue(stale, overdue), ctx.clock.now());
}
