import { Dexie, type EntityTable, type Transaction } from 'dexie';
import { type Connection, type Customer, recordKey } from '../model';
// The matching keys are indexed exactly as lib/matching looks them up. normalize.ts imports nothing of lib/db, so
// this import makes no cycle (lib/matching's index and dexie-source import lib/db for types only).
import { distinct, domainsOf, nameKeysOf, normalizeEmail } from '../matching/normalize';
import { rebuildSummaries, type SummaryTables } from './rebuild-summaries';
import { emptySummary } from './summary-row';
import { summaryChangesMiddleware } from './summary-changes';
import { customerStore, type ChunkTable } from './customer-store';
import type {
  CreditNoteRow,
  CustomerRow,
  EstimateRow,
  InvoiceRow,
  ItemRow,
  LinkRow,
  MetaRow,
  PartyRow,
  PaymentRow,
  SalesLogRow,
  SkippedRecordRow,
  SummaryRow,
  SyncRunRow,
} from './rows';

export type * from './rows';
export { buildSummary, emptySummary, summaryText } from './summary-row';

/**
 * The extension's local mirror. It lives in the background's (extension) origin only, never in a content script,
 * so the CRM page's scripts cannot read it (DESIGN.md "Why Dexie lives in the background only").
 */
export type LedgerDb = Dexie & {
  /** Customers, CHUNK_SIZE to a row (schema v4). Read and written through lib/db/customer-store.ts only. */
  customerChunks: ChunkTable;
  meta: EntityTable<MetaRow, 'key'>;
  connections: EntityTable<Connection, 'id'>;
  invoices: EntityTable<InvoiceRow, 'key'>;
  estimates: EntityTable<EstimateRow, 'key'>;
  payments: EntityTable<PaymentRow, 'key'>;
  creditNotes: EntityTable<CreditNoteRow, 'key'>;
  items: EntityTable<ItemRow, 'key'>;
  employees: EntityTable<PartyRow, 'key'>;
  vendors: EntityTable<PartyRow, 'key'>;
  links: EntityTable<LinkRow, 'recordKey'>;
  summaries: EntityTable<SummaryRow, 'key'>;
  syncRuns: EntityTable<SyncRunRow, 'id'>;
  skippedRecords: EntityTable<SkippedRecordRow, 'id'>;
  salesLog: EntityTable<SalesLogRow, 'id'>;
};

export const DB_NAME = 'ledgerlens';

/** Schema v1 (walking skeleton). Kept verbatim: Dexie needs the history to upgrade an installed extension. */
export const SCHEMA_V1 = {
  customers: 'key, connectionId, *emails, *names',
  meta: 'key',
  connections: 'id',
} as const;

const TRANSACTION_INDEXES = 'key, connectionId, customerKey, date, status';
const NAMED_INDEXES = 'key, connectionId, name';

/** Schema v2: every feed entity, links, the sync log cache, the sales log and per-customer summaries. */
export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  invoices: `${TRANSACTION_INDEXES}, dueDate`,
  estimates: TRANSACTION_INDEXES,
  payments: TRANSACTION_INDEXES,
  creditNotes: TRANSACTION_INDEXES,
  items: NAMED_INDEXES,
  employees: NAMED_INDEXES,
  vendors: NAMED_INDEXES,
  links: 'recordKey, customerKey, connectionId',
  summaries: 'key, connectionId, currency, balanceNum, oldestOpenDue, lastInvoiceDate, lifetimeNum',
  syncRuns: 'id, connectionId, startedAt',
  skippedRecords: 'id, connectionId, reason, runId',
  salesLog: '++id, receivedAt, connectionId',
} as const;

/**
 * Schema v3 (issue #7 P7): customers gain `*nameKeys` and `*domains`, so the name and domain rules of matching are
 * index lookups instead of scans of 100,000 rows; the unused v1 `*names` index goes. Summaries gain a `sales` list
 * (no index), rebuilt by the upgrade, and keep only `connectionId` (disconnect deletes by it): the accounting search
 * runs in memory (lib/search/search-index.ts), so the currency, balance, due-date, last-invoice and lifetime indexes
 * no query reads go, five index writes less per summary the feed applier stores.
 */
export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  customers: 'key, connectionId, *emails, *nameKeys, *domains',
  summaries: 'key, connectionId',
} as const;

/**
 * Schema v4 (issue #7 P7): customers are stored CHUNK_SIZE to a row (lib/db/rows.ts CustomerChunkRow, written by
 * lib/db/customer-store.ts only), because Chromium's IndexedDB costs a fixed ~0.2 ms per request: 500 customer puts
 * per feed page cost ~100 ms, 5 chunk puts ~1 ms. The multiEntry indexes list the members' keys, emails, name keys
 * and domains, so every lookup stays one index read; `openIn` (sparse) finds the chunks that have room.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  customers: null,
  customerChunks: 'id, connectionId, openIn, *keys, *emails, *nameKeys, *domains',
} as const;

/**
 * Versioned schema with typed migrations. Add a new `db.version(n)` with an upgrade for every change to keys or
 * indexes; never edit an old one.
 */
export function openLedgerDb(name = DB_NAME): LedgerDb {
  // 'relaxed': a commit returns once the OS has the data, without an fsync per transaction (the feed applier commits
  // one per page). Atomicity is unchanged, so a killed service worker still leaves a whole page with its cursor or
  // neither; only an OS crash could lose the last pages, which the stored cursor then pulls again.
  const db = new Dexie(name, { chromeTransactionDurability: 'relaxed' }) as LedgerDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(migrateV1toV2);
  db.version(3).stores(SCHEMA_V3).upgrade(migrateV2toV3);
  db.version(4).stores(SCHEMA_V4).upgrade(migrateV3toV4);
  // Reports every committed write to summaries and customers (the in-memory search index, lib/search/search-index.ts,
  // follows it).
  db.use(summaryChangesMiddleware(db));
  return db;
}

/**
 * v1 → v2: customers and the feed cursor stay (no re-download); their summaries are built from the customer rows
 * alone, as v1 never stored transactions. Transactions arrive with later feed pages.
 */
export async function migrateV1toV2(tx: Transaction): Promise<void> {
  const summaries = tx.table<SummaryRow, string>('summaries');
  await tx
    .table<CustomerRow, string>('customers')
    .toCollection()
    .each(async (row) => {
      await summaries.put(emptySummary(row.data));
    });
}

/** Customers per chunk of the v2 → v3 upgrade: bounded memory whatever the size of the mirror. */
const MIGRATION_CHUNK = 2_000;

/**
 * v2 → v3: every customer row is recomputed (the index fields nameKeys and domains are new; emails are normalized
 * the way matching normalizes them), and every summary is rebuilt from the invoices and payments (the `sales` list is
 * new). Nothing is downloaded again; the cursor stays.
 */
export async function migrateV2toV3(tx: Transaction): Promise<void> {
  // The v3 `customers` table (one row per customer), as this upgrade found it.
  const customers = tx.table<CustomerRow, string>('customers');
  const tables: SummaryTables = {
    customers,
    invoices: tx.table('invoices'),
    payments: tx.table('payments'),
    summaries: tx.table('summaries'),
  };
  // Summaries are derived data: clearing them drops any orphan, then each customer gets its own again.
  await tables.summaries.clear();
  const keys = (await customers.toCollection().primaryKeys()) as string[];
  for (let start = 0; start < keys.length; start += MIGRATION_CHUNK) {
    const chunk = keys.slice(start, start + MIGRATION_CHUNK);
    const rows = (await customers.bulkGet(chunk)).filter((r): r is CustomerRow => r !== undefined);
    const fresh = rows.map((row) => customerRow(row.data));
    await customers.bulkPut(fresh);
    await rebuildSummaries(tables, chunk, new Map(fresh.map((row) => [row.key, row])));
  }
}

/**
 * v3 → v4: the customer rows move into chunks, MIGRATION_CHUNK at a time in key order (bounded memory; neighbouring
 * keys share chunks). Rows, summaries and the cursor are kept as they are: nothing is downloaded again. Dexie deletes
 * the v3 `customers` table after this upgrade.
 */
export async function migrateV3toV4(tx: Transaction): Promise<void> {
  const customers = tx.table<CustomerRow, string>('customers');
  const store = customerStore(tx.table('customerChunks'));
  let batch = await customers.orderBy(':id').limit(MIGRATION_CHUNK).toArray();
  while (batch.length > 0) {
    await store.write(batch);
    if (batch.length < MIGRATION_CHUNK) break;
    batch = await customers.where(':id').above(batch[batch.length - 1]!.key).limit(MIGRATION_CHUNK).toArray();
  }
}

export function customerRow(customer: Customer): CustomerRow {
  return {
    key: recordKey(customer),
    connectionId: customer.connectionId,
    emails: distinct(customer.emails.map(normalizeEmail)),
    nameKeys: nameKeysOf(customer),
    domains: domainsOf(customer),
    data: customer,
  };
}
