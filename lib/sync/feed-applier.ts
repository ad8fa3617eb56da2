import { compareDecimals, recordKey, type FeedItem, type FeedPage } from '../model';
import { customerRow, type LedgerDb } from '../db/schema';
import type { InvoiceRow, NamedRow, PaymentRow, SalesLogRow, TransactionRow } from '../db/rows';
import { recomputeSummary } from './summary';

/** What one page changed, for notifications and progress (computed inside the transaction, reported after it). */
export interface AppliedChanges {
  items: number;
  /** Customers whose summary was rebuilt. */
  customers: string[];
  /** Payments this seat had not seen before. */
  newPayments: PaymentRow[];
  /** Invoices that arrived open with a balance and past due, and were not so before. */
  newlyOverdue: InvoiceRow[];
}

/** The sales log keeps the most recent entries only; it explains the feed, it is not an archive. */
export const SALES_LOG_LIMIT = 1_000;

const customerKeyOf = (r: { provider: string; companyId: string; customerId: string }) =>
  recordKey({ provider: r.provider, companyId: r.companyId, id: r.customerId });

function named<T extends { connectionId: string; active: boolean }>(key: string, name: string, data: T): NamedRow<T> {
  return { key, connectionId: data.connectionId, name: name.toLowerCase(), active: data.active ? 1 : 0, data };
}

/**
 * Applies one feed page: its items, in order, AND the cursor that follows them, in ONE Dexie transaction. A service
 * worker killed mid-sync therefore leaves either the whole page with its cursor or neither, and the next pull
 * resumes from the stored cursor without duplicates or gaps. Customer summaries touched by the page are rebuilt in
 * the same transaction.
 */
export async function applyFeedPage(
  db: LedgerDb,
  page: FeedPage,
  now: () => Date = () => new Date(),
): Promise<AppliedChanges> {
  const tables = [
    db.customers, db.meta, db.invoices, db.estimates, db.payments, db.creditNotes, db.items, db.employees,
    db.vendors, db.links, db.summaries, db.salesLog,
  ];
  return db.transaction('rw', tables, async () => {
    const today = now().toISOString().slice(0, 10);
    const touched = new Set<string>();
    const changes: AppliedChanges = { items: page.items.length, customers: [], newPayments: [], newlyOverdue: [] };
    const log: SalesLogRow[] = [];
    const receivedAt = now().toISOString();
    for (const item of page.items) await applyItem(db, item, { touched, changes, log, today, receivedAt });
    for (const key of touched) await recomputeSummary(db, key);
    if (log.length > 0) {
      await db.salesLog.bulkAdd(log);
      const excess = (await db.salesLog.count()) - SALES_LOG_LIMIT;
      if (excess > 0) await db.salesLog.orderBy('id').limit(excess).delete();
    }
    await db.meta.put({ key: 'feed', cursor: page.cursor, appliedAt: now().toISOString() });
    changes.customers = [...touched];
    return changes;
  });
}

interface ApplyContext {
  touched: Set<string>;
  changes: AppliedChanges;
  log: SalesLogRow[];
  today: string;
  receivedAt: string;
}

type SalesEntity = SalesLogRow['entity'];

async function applyItem(db: LedgerDb, item: FeedItem, cx: ApplyContext): Promise<void> {
  if (item.op === 'delete') return applyDelete(db, item.entity, item.key, item.connectionId, cx);
  switch (item.entity) {
    case 'customer':
      await db.customers.put(customerRow(item.data));
      cx.touched.add(item.key);
      return;
    case 'invoice': {
      const data = item.data;
      const previous = await db.invoices.get(item.key);
      const row: InvoiceRow = { ...transaction(item.key, data, data.issueDate, data.status), dueDate: data.dueDate };
      await db.invoices.put(row);
      if (isOverdue(row, cx.today) && !(previous && isOverdue(previous, cx.today))) cx.changes.newlyOverdue.push(row);
      logSale(cx, 'invoice', 'upsert', row, data.number, data.total, data.currency);
      return;
    }
    case 'estimate': {
      const row = transaction(item.key, item.data, item.data.issueDate, item.data.status);
      await db.estimates.put(row);
      logSale(cx, 'estimate', 'upsert', row, item.data.number, item.data.total, item.data.currency);
      return;
    }
    case 'payment': {
      const row = transaction(item.key, item.data, item.data.date, 'received');
      if (!(await db.payments.get(item.key))) cx.changes.newPayments.push(row);
      await db.payments.put(row);
      logSale(cx, 'payment', 'upsert', row, item.data.reference, item.data.amount, item.data.currency);
      return;
    }
    case 'credit_note': {
      const row = transaction(item.key, item.data, item.data.date, item.data.status);
      await db.creditNotes.put(row);
      logSale(cx, 'credit_note', 'upsert', row, item.data.number, item.data.total, item.data.currency);
      return;
    }
    case 'item':
      await db.items.put(named(item.key, item.data.name, item.data));
      return;
    case 'employee':
      await db.employees.put(named(item.key, item.data.displayName, item.data));
      return;
    case 'vendor':
      await db.vendors.put(named(item.key, item.data.displayName, item.data));
      return;
    case 'link':
      await db.links.put({
        recordKey: item.data.recordKey,
        customerKey: item.data.customerKey,
        connectionId: item.data.connectionId,
        data: item.data,
      });
      return;
  }
}

function transaction<T extends { connectionId: string; provider: string; companyId: string; customerId: string }>(
  key: string,
  data: T,
  date: string,
  status: string,
): TransactionRow<T> {
  // The touched-set is filled by the caller through logSale, which every transaction passes through.
  return { key, connectionId: data.connectionId, customerKey: customerKeyOf(data), date, status, data };
}

function isOverdue(row: InvoiceRow, today: string): boolean {
  return row.status === 'open' && row.dueDate !== null && row.dueDate < today && compareDecimals(row.data.balance, '0') > 0;
}

function logSale(
  cx: ApplyContext,
  entity: SalesEntity,
  op: 'upsert' | 'delete',
  row: TransactionRow<{ currency: string }>,
  number: string | null,
  amount: string | null,
  currency: string | null,
): void {
  cx.touched.add(row.customerKey);
  cx.log.push({
    receivedAt: cx.receivedAt,
    entity,
    op,
    key: row.key,
    customerKey: row.customerKey,
    connectionId: row.connectionId,
    number,
    amount,
    currency,
    date: row.date,
  });
}

async function applyDelete(
  db: LedgerDb,
  entity: FeedItem['entity'],
  key: string,
  connectionId: string,
  cx: ApplyContext,
): Promise<void> {
  switch (entity) {
    case 'customer':
      await db.customers.delete(key);
      cx.touched.add(key);
      return;
    case 'invoice':
    case 'estimate':
    case 'payment':
    case 'credit_note': {
      const table = { invoice: db.invoices, estimate: db.estimates, payment: db.payments, credit_note: db.creditNotes }[
        entity
      ] as LedgerDb['invoices'];
      const previous = await table.get(key);
      await table.delete(key);
      if (previous) logSale(cx, entity, 'delete', previous, null, null, null);
      else cx.log.push({ ...emptyLog(cx, entity, key, connectionId) });
      return;
    }
    case 'item':
      await db.items.delete(key);
      return;
    case 'employee':
      await db.employees.delete(key);
      return;
    case 'vendor':
      await db.vendors.delete(key);
      return;
    case 'link':
      // Link feed keys are `link:${recordKey}` (lib/model/link.ts).
      await db.links.delete(key.startsWith('link:') ? key.slice('link:'.length) : key);
      return;
  }
}

function emptyLog(cx: ApplyContext, entity: SalesEntity, key: string, connectionId: string): SalesLogRow {
  return {
    receivedAt: cx.receivedAt, entity, op: 'delete', key, customerKey: null, connectionId,
    number: null, amount: null, currency: null, date: null,
  };
}

export async function readCursor(db: LedgerDb): Promise<string | null> {
  return (await db.meta.get('feed'))?.cursor ?? null;
}

/** Every table that holds a connection's mirrored records (disconnect and "reset" clear them together). */
export function mirrorTables(db: LedgerDb) {
  return [
    db.customers, db.invoices, db.estimates, db.payments, db.creditNotes, db.items, db.employees, db.vendors,
    db.links, db.summaries, db.syncRuns, db.skippedRecords, db.salesLog,
  ];
}

/** Removes everything a set of connections brought in. */
export async function deleteConnectionRecords(db: LedgerDb, connectionIds: string[]): Promise<void> {
  if (connectionIds.length === 0) return;
  await db.transaction('rw', mirrorTables(db), async () => {
    for (const table of mirrorTables(db)) {
      await (table as LedgerDb['customers']).where('connectionId').anyOf(connectionIds).delete();
    }
  });
}
