import type { FeedEntity } from '../../lib/model';
import { TRANSACTION_ENTITIES, type SyncEntity } from '../providers/provider-client';
import type { EntityProgress } from '../store/sync-state';
import { overdueByCustomer, todayOf } from './overdue';
import type { RecordPage } from '../providers/provider-client';
import { oneAhead } from './one-ahead';
import { countsOf, prepareRecords, writePrepared, type PreparedRecords, type RunContext } from './run-context';

/**
 * Full import of the entities whose progress row is not `done`, in SYNC_ENTITIES order (customers last, so their
 * overdue can be derived from the invoices just imported). Resumable: after every page the next STARTPOSITION is
 * stored, and each record is marked with the import's id, so a proxy restarted mid-import continues where it
 * stopped and still tombstones exactly the records the provider no longer has.
 */
export async function importPending(
  ctx: RunContext,
  order: readonly SyncEntity[],
  options: { pinCheckpoint?: boolean } = {},
): Promise<SyncEntity[]> {
  const progress = new Map((await ctx.store.syncState.progress(ctx.connection.id)).map((p) => [p.entity, p]));
  const pending = order.filter((e) => {
    const p = progress.get(e);
    return p !== undefined && p.status !== 'done';
  });
  const pin = { pending: options.pinCheckpoint === true };
  for (const entity of pending) {
    if (entity === 'customer') ctx.overdue = overdueByCustomer(await ctx.store.mirror.openInvoices(ctx.connection.id), todayOf(ctx.clock.now()));
    try {
      await importEntity(ctx, entity, progress.get(entity) as EntityProgress, pin);
    } finally {
      ctx.overdue = undefined;
    }
  }
  if (pending.length > 0) ctx.overdueCurrent = pending.at(-1) === 'customer';
  return pending;
}

/** Where an entity's import stands; each page's write moves it on and stores it. */
interface ImportCursor {
  fetched: number;
  skipped: number;
  position: number;
  page: number;
}

async function importEntity(ctx: RunContext, entity: SyncEntity, row: EntityProgress, pin: { pending: boolean }): Promise<void> {
  const { store, connection } = ctx;
  const cursor: ImportCursor = { fetched: row.fetched, skipped: row.skipped, position: row.nextPosition, page: 0 };
  await store.connections.setStatus(connection.id, { status: 'syncing', progress: { entity, done: cursor.fetched, total: null } });
  await store.syncState.saveProgress(
    connection.id,
    entity,
    { status: 'importing', nextPosition: cursor.position, fetched: cursor.fetched, skipped: cursor.skipped },
    ctx.clock.now(),
  );
  const pages = ctx.sync.listRecords(ctx.auth, entity, {
    homeCurrency: connection.currency,
    historicalFrom: TRANSACTION_ENTITIES.has(entity) ? ctx.settings.historicalFrom : null,
    startPosition: cursor.position,
    pageSize: ctx.pageSize,
    signal: ctx.signal,
  });
  const fromTheStart = row.fetched === 0;
  // Page N+1 is filtered, hashed and serialized while page N is written (sync/one-ahead.ts).
  const prepared = oneAhead(pages, (page) => prepareRecords(ctx, entity, page.records), (page) => page.next === null);
  for await (const { item: result, prepared: records } of prepared) {
    ctx.signal.throwIfAborted();
    if (entity === 'customer' && cursor.page === 0 && fromTheStart && typeof result.serverTime === 'number') ctx.customersReadFrom = result.serverTime;
    if (pin.pending && typeof result.serverTime === 'number') {
      // A fresh full import: every change after its first read is the catch-up CDC's, whatever the proxy's clock says.
      // The first page is read alone (qbo-sync.ts), so no read of this import ran before the provider stamped it.
      pin.pending = false;
      await store.syncState.saveCursor(connection.id, { importSince: result.serverTime }, ctx.clock.now());
    }
    await writePage(ctx, entity, row, cursor, result, records);
  }
}

/** Writes one page, then stores the position after it: a restart resumes from the first page not written. */
async function writePage(
  ctx: RunContext,
  entity: SyncEntity,
  row: EntityProgress,
  cursor: ImportCursor,
  result: RecordPage,
  prepared: PreparedRecords,
): Promise<void> {
  const { store, connection, scope } = ctx;
  const counts = countsOf(ctx, entity);
  // Skipped records are still the provider's: keep whatever copy the mirror has (mark it) rather than delete it.
  const markIds = result.skipped.flatMap((s) => (s.providerId ? [s.providerId] : []));
  const written = await writePrepared(ctx, prepared, { importMark: row.importId, markIds });
  counts.changed += written.changed;
  counts.fetched += result.records.length + result.skipped.length;
  counts.skipped += result.skipped.length;
  ctx.skipped.push(...result.skipped);
  cursor.fetched += result.records.length + result.skipped.length;
  // Records left out by a setting (no_email) count as skipped too: the consistency check allows for them.
  cursor.skipped += result.skipped.length + written.skipped;
  cursor.position = result.next ?? cursor.position;
  cursor.page += 1;
  await store.syncState.saveProgress(
    connection.id,
    entity,
    { status: result.next === null ? 'done' : 'importing', nextPosition: cursor.position, fetched: cursor.fetched, skipped: cursor.skipped },
    ctx.clock.now(),
  );
  if (result.next === null) {
    counts.removed += await store.mirror.tombstoneUnmarked(scope, entity as FeedEntity, row.importId, row.startedAt, ctx.clock.now());
    ctx.imported.add(entity);
  }
  await store.connections.setStatus(connection.id, { status: 'syncing', progress: { entity, done: cursor.fetched, total: null } });
  await ctx.hooks.afterPage?.({ connectionId: connection.id, entity, page: cursor.page, nextPosition: result.next });
}
