import type {
  CreditNote,
  Customer,
  Estimate,
  Invoice,
  Item,
  Link,
  Party,
  Payment,
  Provider,
  SkippedRecord,
  SyncRun,
} from '../model';

/**
 * Row shapes of the local mirror (lib/db/schema.ts). Every row keeps the normalized record in `data` and lifts out
 * only what an index needs, so a model change never needs a Dexie migration unless an index changes.
 */

/** One customer as matching and summaries read it; stored inside a CustomerChunkRow since schema v4. */
export interface CustomerRow {
  /** recordKey(customer): provider:companyId:id — the feed's `key`. */
  key: string;
  connectionId: string;
  /** normalizeEmail of every email (lib/matching/normalize.ts, as the lookup normalizes); multiEntry index. */
  emails: string[];
  /** nameKeysOf(customer): `company:<key>` and `person:<key>`; multiEntry index (schema v3). */
  nameKeys: string[];
  /** domainsOf(customer): business email domains, free-mail left out; multiEntry index (schema v3). */
  domains: string[];
  data: Customer;
}

/**
 * Up to CHUNK_SIZE customers of one connection stored as ONE IndexedDB row (schema v4, issue #7 P7): Chromium's
 * IndexedDB costs a fixed ~0.2 ms per request, so 500 customer puts per feed page cost ~100 ms whatever their size,
 * while 5 chunk puts cost ~1 ms. The multiEntry indexes list every member's values, so one put writes the index
 * entries of all its members. Only lib/db/customer-store.ts reads or writes chunks.
 */
export interface CustomerChunkRow {
  /** Random, stable for the chunk's life; members move in and out. */
  id: string;
  connectionId: string;
  /** Set (= connectionId) while the chunk has room, absent when full: a sparse index of the chunks new keys may fill. */
  openIn?: string;
  /** Every member's key; multiEntry index (which chunk holds a key). */
  keys: string[];
  /** Union of the members' CustomerRow.emails / nameKeys / domains; multiEntry indexes. */
  emails: string[];
  nameKeys: string[];
  domains: string[];
  rows: CustomerRow[];
}

/** Invoices, estimates, payments and credit notes: keyed by recordKey, indexed by their customer and date. */
export interface TransactionRow<T> {
  key: string;
  connectionId: string;
  /** recordKey of the customer: provider:companyId:customerId. */
  customerKey: string;
  /** The document's own date (issue date, payment date), YYYY-MM-DD. */
  date: string;
  status: string;
  data: T;
}
export type InvoiceRow = TransactionRow<Invoice> & { dueDate: string | null };
export type EstimateRow = TransactionRow<Estimate>;
export type PaymentRow = TransactionRow<Payment>;
export type CreditNoteRow = TransactionRow<CreditNote>;

/** Items, employees and vendors: picked by name in the side panel's forms. */
export interface NamedRow<T> {
  key: string;
  connectionId: string;
  name: string;
  active: 0 | 1;
  data: T;
}
export type ItemRow = NamedRow<Item>;
export type PartyRow = NamedRow<Party>;

export interface LinkRow {
  recordKey: string;
  customerKey: string;
  connectionId: string;
  data: Link;
}

/** An open invoice as the summary keeps it: enough to age the balance on any day without reading invoices. */
export interface OpenInvoice {
  dueDate: string | null;
  balance: string;
}

/** An invoice that counts as a sale (open or paid): its issue date and total, for sales in any period. */
export interface Sale {
  date: string;
  total: string;
}

/**
 * Per-customer figures maintained by the feed applier, so search and the side panel need no joins. Everything that
 * depends on "today" (ageing, overdue, days overdue) is derived at read time from `openInvoices` and `oldestOpenDue`.
 */
export interface SummaryRow {
  /** = CustomerRow.key */
  key: string;
  connectionId: string;
  provider: Provider;
  companyId: string;
  currency: string;
  displayName: string;
  /** Lower-cased display name, company name and emails, for text search. */
  text: string;
  balance: string;
  /** Float approximation of balance (never shown, never summed; not indexed since schema v3); exact checks use `balance`. */
  balanceNum: number;
  openInvoices: OpenInvoice[];
  /** Oldest due date among open invoices with a balance; '' when none (so it sorts first and is indexable). */
  oldestOpenDue: string;
  lastInvoiceDate: string;
  lastPaymentDate: string;
  lifetimeSales: string;
  lifetimeNum: number;
  /** Sales (invoice totals, not void/draft) per calendar year of the issue date. */
  salesByYear: Record<string, string>;
  /** Every sale (schema v3), so "sales in a period" needs no read of the invoices. */
  sales: Sale[];
}

export type SyncRunRow = SyncRun;
export type SkippedRecordRow = SkippedRecord;

export interface MetaRow {
  key: 'feed';
  /** Feed cursor after the last applied page; null before the first page. */
  cursor: string | null;
  /** When the last page was applied (ISO). */
  appliedAt: string | null;
}

/** A transaction received through the feed, for the options page's sales log (newest first by receivedAt). */
export interface SalesLogRow {
  id?: number;
  receivedAt: string;
  entity: 'invoice' | 'estimate' | 'payment' | 'credit_note';
  op: 'upsert' | 'delete';
  key: string;
  customerKey: string | null;
  connectionId: string;
  number: string | null;
  amount: string | null;
  currency: string | null;
  date: string | null;
}
