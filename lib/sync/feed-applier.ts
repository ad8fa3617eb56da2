import { compareDecimals, recordKey, type FeedItem, type FeedPage } from '../model';
import { customerRow, type LedgerDb } from '../db/schema';
import type {
  CreditNoteRow, CustomerRow, EstimateRow, InvoiceRow, ItemRow, LinkRow, NamedRow, PartyRow, PaymentRow, SalesLogRow,
  TransactionRow,
} from '../db/rows';
import { rebuildSummaries } from '../db/rebuild-summaries';
import { customersOf } from '../db/customer-store';
import { summaryTables } from './summary';

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
 *
 * The work is bulk (issue #7 P7: one request per item plus ~4 per summary cost ~1 s per page of 500): the previous
 * rows the page needs are read with one bulkGet per table, the items are then applied in order to an in-memory
 * overlay (so a later item for the same key wins, a delete after an upsert wins, and "previous" always means the
 * state after the items before it), and each table gets one bulkPut and one bulkDelete of its final rows. Customers
 * go through lib/db/customer-store.ts, which stores them 100 to a row (schema v4): ~5 puts per page of 500 new ones.
 */
export async function applyFeedPage(
  db: LedgerDb,
  page: FeedPage,
  now: () => Date = () => new Date(),
): Promise<AppliedChanges> {
  const tables = [
    db.customerChunks, db.meta, db.invoices, db.estimates, db.payments, db.creditNotes, db.items, db.employees,
    db.vendors, db.links, db.summaries, db.salesLog,
  ];
  return db.transaction('rw', tables, async () => {
    const today = now().toISOString().slice(0, 10);
    const changes: AppliedChanges = { items: page.items.length, customers: [], newPayments: [], newlyOverdue: [] };
    const overlay = await readPrevious(db, page.items);
    const cx: ApplyContext = { touched: new Set(), changes, log: [], today, receivedAt: now().toISOString(), overlay };
    for (const item of page.items) applyItem(item, cx);
    await Promise.all([
      writeCustomers(db, overlay.customers),
      ...TABLE_NAMES.map((name) => writeTable(db[name] as AnyTable, overlay[name])),
    ]);
    await rebuildSummaries(summaryTables(db), cx.touched, overlay.customers.rows);
    if (cx.log.length > 0) {
      await db.salesLog.bulkAdd(cx.log);
      const excess = (await db.salesLog.count()) - SALES_LOG_LIMIT;
      if (excess > 0) await db.salesLog.orderBy('id').limit(excess).delete();
    }
    await db.meta.put({ key: 'feed', cursor: page.cursor, appliedAt: now().toISOString() });
    changes.customers = [...cx.touched];
    return changes;
  });
}

/** The tables of one row per record (customers are stored in chunks: writeCustomers). */
const TABLE_NAMES = ['invoices', 'estimates', 'payments', 'creditNotes', 'items', 'employees', 'vendors', 'links'] as const;
type AnyTable = LedgerDb['invoices'];

/**
 * A table's rows as the page leaves them: key → row, or null for deleted. `base` holds what the database had before
 * the page for the keys read up front; `rows` what the page's items made of them so far.
 */
class TableOverlay<R> {
  readonly rows = new Map<string, R | null>();
  constructor(readonly base: ReadonlyMap<string, R> = new Map()) {}
  get(key: string): R | undefined {
    const row = this.rows.get(key);
    return row === null ? undefined : (row ?? this.base.get(key));
  }
  put(key: string, row: R): void {
    this.rows.set(key, row);
  }
  delete(key: string): void {
    this.rows.set(key, null);
  }
  /** The rows the page leaves, as one table write: the final rows to put and the keys to delete. */
  final(): { puts: R[]; deletes: string[] } {
    const puts: R[] = [];
    const deletes: string[] = [];
    for (const [key, row] of this.rows) {
      if (row === null) deletes.push(key);
      else puts.push(row);
    }
    return { puts, deletes };
  }
}

interface Overlay {
  customers: TableOverlay<CustomerRow>;
  invoices: TableOverlay<InvoiceRow>;
  estimates: TableOverlay<EstimateRow>;
  payments: TableOverlay<PaymentRow>;
  creditNotes: TableOverlay<CreditNoteRow>;
  items: TableOverlay<ItemRow>;
  employees: TableOverlay<PartyRow>;
  vendors: TableOverlay<PartyRow>;
  links: TableOverlay<LinkRow>;
}

const TRANSACTION_TABLES = { invoice: 'invoices', estimate: 'estimates', payment: 'payments', credit_note: 'creditNotes' } as const;

/**
 * One bulkGet per table of the previous rows the items need: invoices (newlyOverdue, and the customer an invoice
 * leaves), payments (newPayments, the customer a payment leaves) and every deleted transaction (its customer, for the
 * sales log and the summary).
 */
async function readPrevious(db: LedgerDb, items: readonly FeedItem[]): Promise<Overlay> {
  const wanted = { invoices: new Set<string>(), estimates: new Set<string>(), payments: new Set<string>(), creditNotes: new Set<string>() };
  for (const item of items) {
    if (!(item.entity in TRANSACTION_TABLES)) continue;
    const name = TRANSACTION_TABLES[item.entity as keyof typeof TRANSACTION_TABLES];
    if (item.op === 'delete' || name === 'invoices' || name === 'payments') wanted[name].add(item.key);
  }
  const read = async <R extends { key: string }>(table: { bulkGet(keys: string[]): Promise<(R | undefined)[]> }, keys: Set<string>) => {
    const base = new Map<string, R>();
    if (keys.size === 0) return new TableOverlay<R>(base);
    for (const row of await table.bulkGet([...keys])) if (row) base.set(row.key, row);
    return new TableOverlay<R>(base);
  };
  const [invoices, estimates, payments, creditNotes] = await Promise.all([
    read<InvoiceRow>(db.invoices, wanted.invoices),
    read<EstimateRow>(db.estimates, wanted.estimates),
    read<PaymentRow>(db.payments, wanted.payments),
    read<CreditNoteRow>(db.creditNotes, wanted.creditNotes),
  ]);
  return {
    customers: new TableOverlay(), invoices, estimates, payments, creditNotes, items: new TableOverlay(),
    employees: new TableOverlay(), vendors: new TableOverlay(), links: new TableOverlay(),
  };
}

/** The page's final customers and deletes, in chunks of CHUNK_SIZE (lib/db/customer-store.ts: ~5 puts per page of 500). */
async function writeCustomers(db: LedgerDb, overlay: TableOverlay<CustomerRow>): Promise<void> {
  const { puts, deletes } = overlay.final();
  await customersOf(db).write(puts, deletes);
}

async function writeTable(table: AnyTable, overlay: TableOverlay<unknown>): Promise<void> {
  const { puts, deletes } = overlay.final();
  await Promise.all([
    puts.length > 0 ? table.bulkPut(puts as InvoiceRow[]) : null,
    deletes.length > 0 ? table.bulkDelete(deletes) : null,
  ]);
}

interface ApplyContext {
  touched: Set<string>;
  changes: AppliedChanges;
  log: SalesLogRow[];
  today: string;
  receivedAt: string;
  overlay: Overlay;
}

type SalesEntity = SalesLogRow['entity'];

function applyItem(item: FeedItem, cx: ApplyContext): void {
  if (item.op === 'delete') return applyDelete(item.entity, item.key, item.connectionId, cx);
  const o = cx.overlay;
  switch (item.entity) {
    case 'customer':
      o.customers.put(item.key, customerRow(item.data));
      cx.touched.add(item.key);
      return;
    case 'invoice': {
      const data = item.data;
      const previous = o.invoices.get(item.key);
      const row: InvoiceRow = { ...transaction(item.key, data, data.issueDate, data.status), dueDate: data.dueDate };
      o.invoices.put(item.key, row);
      if (isOverdue(row, cx.today) && !(previous && isOverdue(previous, cx.today))) cx.changes.newlyOverdue.push(row);
      // An invoice moved to another customer changes the summary of the one it left as well.
      if (previous) cx.touched.add(previous.customerKey);
      logSale(cx, 'invoice', 'upsert', row, data.number, data.total, data.currency);
      return;
    }
    case 'estimate': {
      const row = transaction(item.key, item.data, item.data.issueDate, item.data.status);
      o.estimates.put(item.key, row);
      logSale(cx, 'estimate', 'upsert', row, item.data.number, item.data.total, item.data.currency);
      return;
    }
    case 'payment': {
      const row = transaction(item.key, item.data, item.data.date, 'received');
      const previous = o.payments.get(item.key);
      if (!previous) cx.changes.newPayments.push(row);
      else cx.touched.add(previous.customerKey);
      o.payments.put(item.key, row);
      logSale(cx, 'payment', 'upsert', row, item.data.reference, item.data.amount, item.data.currency);
      return;
    }
    case 'credit_note': {
      const row = transaction(item.key, item.data, item.data.date, item.data.status);
      o.creditNotes.put(item.key, row);
      logSale(cx, 'credit_note', 'upsert', row, item.data.number, item.data.total, item.data.currency);
      return;
    }
    case 'item':
      o.items.put(item.key, named(item.key, item.data.name, item.data));
      return;
    case 'employee':
      o.employees.put(item.key, named(item.key, item.data.displayName, item.data));
      return;
    case 'vendor':
      o.vendors.put(item.key, named(item.key, item.data.displayName, item.data));
      return;
    case 'link':
      o.links.put(item.data.recordKey, {
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

function applyDelete(entity: FeedItem['entity'], key: string, connectionId: string, cx: ApplyContext): void {
  const o = cx.overlay;
  switch (entity) {
    case 'customer':
      o.customers.delete(key);
      cx.touched.add(key);
      return;
    case 'invoice':
    case 'estimate':
    case 'payment':
    case 'credit_note': {
      const table = o[TRANSACTION_TABLES[entity]] as TableOverlay<TransactionRow<{ currency: string }>>;
      const previous = table.get(key);
      table.delete(key);
      if (previous) logSale(cx, entity, 'delete', previous, null, null, null);
      else cx.log.push({ ...emptyLog(cx, entity, key, connectionId) });
      return;
    }
    case 'item':
      o.items.delete(key);
      return;
    case 'employee':
      o.employees.delete(key);
      return;
    case 'vendor':
      o.vendors.delete(key);
      return;
    case 'link':
      // Link feed keys are `link:${recordKey}` (lib/model/link.ts).
      o.links.delete(key.startsWith('link:') ? key.slice('link:'.length) : key);
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
    db.customerChunks, db.invoices, db.estimates, db.payments, db.creditNotes, db.items, db.employees, db.vendors,
    db.links, db.summaries, db.syncRuns, db.skippedRecords, db.salesLog,
  ];
}

/** Removes everything a set of connections brought in. */
export async function deleteConnectionRecords(db: LedgerDb, connectionIds: string[]): Promise<void> {
  if (connectionIds.length === 0) return;
  await db.transaction('rw', mirrorTables(db), async () => {
    for (const table of mirrorTables(db)) {
      if (table === db.customerChunks) await customersOf(db).deleteConnections(connectionIds);
      else await (table as AnyTable).where('connectionId').anyOf(connectionIds).delete();
    }
  });
}
