import type { Customer, EntityCounts, FeedEntity } from '../../lib/model';
import type { ConnectionSettings } from '../../lib/proxy-api';
import type { Clock } from '../clock';
import type { ApiAuth, EntitySync, MirrorRecord, SyncEntity } from '../providers/provider-client';
import type { Store } from '../store';
import type { ConnectionRecord } from '../store/connections';
import { prepareUpsert, type MirrorScope, type PreparedUpsert } from '../store/mirror';
import type { SkippedInput } from '../store/sync-log';
import { overdueByCustomer, todayOf, withOverdue } from './overdue';
import { splitByRequiredEmail } from './require-email';

/** Test hooks: observe (or interrupt) a run between pages. */
export interface SyncHooks {
  afterPage?(info: { connectionId: string; entity: SyncEntity; page: number; nextPosition: number | null }): void | Promise<void>;
}

/** Everything one run of one company needs; counts and skipped records accumulate here for the sync log. */
export interface RunContext {
  store: Store;
  clock: Clock;
  connection: ConnectionRecord;
  scope: MirrorScope;
  auth: ApiAuth;
  sync: EntitySync;
  settings: ConnectionSettings;
  signal: AbortSignal;
  meter: { calls: number };
  counts: Record<string, EntityCounts>;
  skipped: SkippedInput[];
  /** Entities whose full import finished in this run: their skipped-record lists are replaced by this run's. */
  imported: Set<SyncEntity>;
  pageSize: number | undefined;
  hooks: SyncHooks;
  /**
   * Overdue per customer, derived once from the mirror's open invoices while a full import of customers runs
   * (full-import.ts): the invoices are imported before the customers, so one scan serves every page instead of one
   * scan of all invoices per page of customers (issue 7's P3). Unset otherwise: later writes derive it afresh.
   */
  overdue?: ReadonlyMap<string, string> | undefined;
  /** The last import of this run ended with customers, so every customer's overdue reflects the mirror's invoices. */
  overdueCurrent?: boolean;
  /**
   * Provider clock (ms, less the sync's margin) of the first customer page when this run imported every customer
   * from the start. A customer's balance is computed when it is read, so a document changed before this is already
   * in the balance the import wrote: the catch-up need not read that customer again (apply-changes.ts).
   */
  customersReadFrom?: number;
}

export function countsOf(ctx: RunContext, entity: string): EntityCounts {
  let counts = ctx.counts[entity];
  if (!counts) ctx.counts[entity] = counts = { fetched: 0, changed: 0, removed: 0, skipped: 0 };
  return counts;
}

/** The entities this company mirrors: the provider's, minus vendors unless the importVendors setting is on. */
export function wantedEntities(sync: EntitySync, settings: ConnectionSettings): SyncEntity[] {
  return sync.entities.filter((e) => e !== 'vendor' || settings.importVendors);
}

/** Transactions dated before historicalFrom are not mirrored (setting "import historical transactions from"). */
export function recordDate(record: MirrorRecord): string | null {
  if ('issueDate' in record) return record.issueDate;
  if ('date' in record && typeof record.date === 'string') return record.date;
  return null;
}

export function beforeHistory(record: MirrorRecord, historicalFrom: string | null): boolean {
  const date = recordDate(record);
  return historicalFrom !== null && date !== null && date < historicalFrom;
}

/** Customers get their derived `overdue` before every write, so an unchanged customer keeps its hash. */
export async function prepareCustomers(ctx: RunContext, customers: readonly Customer[]): Promise<Customer[]> {
  if (customers.length === 0) return [];
  if (ctx.overdue) return withOverdue(customers, ctx.overdue);
  const rows = await ctx.store.mirror.openInvoices(ctx.connection.id, customers.map((c) => c.id));
  return withOverdue(customers, overdueByCustomer(rows, todayOf(ctx.clock.now())));
}

/** One entity's records made ready to write: filtered by the settings, customers given their overdue, hashed. */
export interface PreparedRecords {
  entity: SyncEntity;
  upsert: PreparedUpsert;
  /** Customers left out for want of an email (requireEmail), logged and tombstoned when written. */
  withoutEmail: SkippedInput[];
}

/**
 * The pure half of writeRecords (when the run already knows every customer's overdue, as a full import does): the
 * store is not touched, so a full import prepares the next page while the previous one is written.
 */
export async function prepareRecords(ctx: RunContext, entity: SyncEntity, records: readonly MirrorRecord[]): Promise<PreparedRecords> {
  let kept = records;
  let withoutEmail: SkippedInput[] = [];
  if (entity === 'customer') {
    const split = splitByRequiredEmail(records as Customer[], ctx.settings.requireEmail);
    kept = split.kept;
    withoutEmail = split.skipped;
  }
  const prepared = entity === 'customer' ? await prepareCustomers(ctx, kept as Customer[]) : kept;
  return { entity, upsert: prepareUpsert(prepared), withoutEmail };
}

/**
 * Writes prepared records. Customers without an email are left out when the company requires one: each is logged
 * (no_email), and a copy the mirror still holds (the setting was just turned on, or the email was removed at the
 * provider) becomes a tombstone.
 */
export async function writePrepared(
  ctx: RunContext,
  prepared: PreparedRecords,
  options: { importMark?: string; markIds?: readonly string[] } = {},
): Promise<{ changed: number; skipped: number }> {
  const { entity, withoutEmail } = prepared;
  if (withoutEmail.length > 0) {
    ctx.skipped.push(...withoutEmail);
    countsOf(ctx, entity).skipped += withoutEmail.length;
    const ids = withoutEmail.flatMap((s) => (s.providerId ? [s.providerId] : []));
    countsOf(ctx, entity).removed += await ctx.store.mirror.tombstoneIds(ctx.scope, 'customer', ids, ctx.clock.now());
  }
  const changed = await ctx.store.mirror.upsertPrepared(ctx.scope, entity as FeedEntity, prepared.upsert, ctx.clock.now(), options);
  return { changed, skipped: withoutEmail.length };
}

/**
 * Writes one entity's records (customers with overdue) — the one place every sync path (full import, incremental,
 * webhooks) writes through, so record filters that depend on the settings live here (prepareRecords).
 */
export async function writeRecords(
  ctx: RunContext,
  entity: SyncEntity,
  records: readonly MirrorRecord[],
  options: { importMark?: string; markIds?: readonly string[] } = {},
): Promise<{ changed: number; skipped: number }> {
  return writePrepared(ctx, await prepareRecords(ctx, entity, records), options);
}
