import { Dexie, type EntityTable, type Transaction } from 'dexie';
import { type Connection, type Customer, recordKey } from '../model';
import { normalizeEmail, normalizeName, normalizedSet } from './normalize';
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

/**
 * The extension's local mirror. It lives in the background's (extension) origin only, never in a content script,
 * so the CRM page's scripts cannot read it (DESIGN.md "Why Dexie lives in the background only").
 */
export type LedgerDb = Dexie & {
  customers: EntityTable<CustomerRow, 'key'>;
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
 * Versioned schema with typed migrations. Add a new `db.version(n)` with an upgrade for every change to keys or
 * indexes; never edit an old one.
 */
export function openLedgerDb(name = DB_NAME): LedgerDb {
  const db = new Dexie(name) as LedgerDb;
  db.version(1).stores(SCHEMA_V1);
  db.version(2).stores(SCHEMA_V2).upgrade(migrateV1toV2);
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

export function customerRow(customer: Customer): CustomerRow {
  const fullName = [customer.givenName, customer.familyName].filter(Boolean).join(' ');
  return {
    key: recordKey(customer),
    connectionId: customer.connectionId,
    emails: normalizedSet(customer.emails, normalizeEmail),
    names: normalizedSet([customer.displayName, fullName], normalizeName),
    data: customer,
  };
}

/** A summary from the customer record alone (no invoices known yet). */
export function emptySummary(customer: Customer): SummaryRow {
  return {
    key: recordKey(customer),
    connectionId: customer.connectionId,
    provider: customer.provider,
    companyId: customer.companyId,
    currency: customer.currency,
    displayName: customer.displayName,
    text: summaryText(customer),
    balance: customer.balance,
    balanceNum: Number(customer.balance),
    openInvoices: [],
    oldestOpenDue: '',
    lastInvoiceDate: '',
    lastPaymentDate: '',
    lifetimeSales: '0',
    lifetimeNum: 0,
    salesByYear: {},
  };
}

export function summaryText(customer: Customer): string {
  return [customer.displayName, customer.companyName, customer.givenName, customer.familyName, ...customer.emails]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}
