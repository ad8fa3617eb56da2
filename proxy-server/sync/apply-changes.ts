import type { Customer, Invoice, Payment, CreditNote } from '../../lib/model';
import { TRANSACTION_ENTITIES, type MirrorRecord, type SkippedRecord, type SyncEntity } from '../providers/provider-client';
import { beforeHistory, countsOf, writeRecords, type RunContext } from './run-context';

export interface Changes {
  records: { entity: SyncEntity; record: MirrorRecord }[];
  deleted: { entity: SyncEntity; id: string }[];
  skipped: SkippedRecord[];
}

/**
 * Applies a set of provider changes (CDC or webhook fetches) to the mirror: upserts, tombstones, and — because a
 * payment changes a customer's Balance without bumping the customer's LastUpdatedTime (sandbox; Xero's Balances
 * likewise, api-facts.md §2) — a re-read by id of every customer whose invoices, payments or credit notes changed.
 */
export async function applyChanges(ctx: RunContext, changes: Changes): Promise<void> {
  const now = () => ctx.clock.now();
  const byEntity = new Map<SyncEntity, MirrorRecord[]>();
  const tooOld = new Map<SyncEntity, string[]>();
  for (const { entity, record } of changes.records) {
    if (!ctx.sync.entities.includes(entity)) continue;
    if (entity === 'vendor' && !ctx.settings.importVendors) continue;
    if (TRANSACTION_ENTITIES.has(entity) && beforeHistory(record, ctx.settings.historicalFrom)) {
      tooOld.set(entity, [...(tooOld.get(entity) ?? []), record.id]);
      continue;
    }
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), record]);
  }

  // Customers touched through their documents: the ones named by changed documents, and by deleted ones (read from
  // the mirror before the tombstone drops their data).
  // A document changed before this run's customer import began is already in the balances it read.
  const touched = new Set<string>();
  const readFrom = ctx.customersReadFrom;
  const inBalanceRead = (r: Invoice | Payment | CreditNote) => readFrom !== undefined && Date.parse(r.updatedAt) < readFrom;
  for (const [entity, records] of byEntity) {
    if (!TRANSACTION_ENTITIES.has(entity)) continue;
    for (const r of records as (Invoice | Payment | CreditNote)[]) if (!inBalanceRead(r)) touched.add(r.customerId);
  }
  for (const { entity, id } of changes.deleted) {
    if (!TRANSACTION_ENTITIES.has(entity)) continue;
    const [row] = await ctx.store.mirror.liveRecords<{ customerId?: string }>(ctx.connection.id, entity, [id]);
    if (row?.data.customerId) touched.add(row.data.customerId);
  }

  // A payment also moves the balance of the invoices it pays: re-read those the batch does not already carry.
  const paidInvoices = ((byEntity.get('payment') ?? []) as Payment[]).flatMap((p) => p.appliedTo.map((a) => a.invoiceId));
  const haveInvoices = new Set((byEntity.get('invoice') ?? []).map((r) => r.id));
  const rereadInvoices = [...new Set(paidInvoices)].filter((id) => !haveInvoices.has(id));
  if (rereadInvoices.length > 0 && ctx.sync.entities.includes('invoice')) {
    const fetched = await ctx.sync.fetchByIds(ctx.auth, 'invoice', rereadInvoices, { homeCurrency: ctx.connection.currency, signal: ctx.signal });
    byEntity.set('invoice', [...(byEntity.get('invoice') ?? []), ...fetched.records]);
    changes.skipped.push(...fetched.skipped);
  }

  // Documents first, customers last, so each customer's overdue is derived from the new invoices.
  for (const [entity, records] of [...byEntity].filter(([e]) => e !== 'customer')) {
    const counts = countsOf(ctx, entity);
    counts.fetched += records.length;
    counts.changed += (await writeRecords(ctx, entity, records)).changed;
  }
  for (const { entity, id } of changes.deleted) countsOf(ctx, entity).removed += await ctx.store.mirror.tombstoneIds(ctx.scope, entity, [id], now());
  for (const [entity, ids] of tooOld) countsOf(ctx, entity).removed += await ctx.store.mirror.tombstoneIds(ctx.scope, entity, ids, now());

  const customers = (byEntity.get('customer') ?? []) as Customer[];
  const have = new Set(customers.map((c) => c.id));
  const reread = [...touched].filter((id) => !have.has(id));
  if (reread.length > 0) {
    const fetched = await ctx.sync.fetchByIds(ctx.auth, 'customer', reread, { homeCurrency: ctx.connection.currency, signal: ctx.signal });
    customers.push(...(fetched.records as Customer[]));
    changes.skipped.push(...fetched.skipped);
  }
  if (customers.length > 0) {
    const counts = countsOf(ctx, 'customer');
    counts.fetched += customers.length;
    counts.changed += (await writeRecords(ctx, 'customer', customers)).changed;
  }
  for (const s of changes.skipped) countsOf(ctx, s.entity).skipped += 1;
  ctx.skipped.push(...changes.skipped);
}
