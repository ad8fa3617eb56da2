import { guidFromWords } from '../support/guid';
import { DAY_MS } from '../support/ms-date';
import { type InvoiceRecord, type InvoiceStatus, type InvoiceType, type PaymentRecord } from './model';
import { seededLineRecords } from './seeded-lines';

/**
 * Seeded invoices, column-oriented (issue 3: 100,000 contacts and 1,000,000 invoices must seed in under a minute).
 * One object per invoice (with its lines, payment and id strings) cost ~1.6 GB of heap and most of the seed time in
 * garbage collection; typed arrays cost ~80 bytes per invoice. Money is integer cents, dates epoch days, enums small
 * codes, ids four 32-bit words. Each seeded invoice has at most one seeded payment, stored in the same row.
 * Rows are immutable once seeded: a write copies the row into a real InvoiceRecord (store/invoice-table.ts).
 */
export const INVOICE_STATUSES: readonly InvoiceStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'];
export const INVOICE_TYPES: readonly InvoiceType[] = ['ACCREC', 'ACCPAY'];
export const STATUS_CODE: Readonly<Record<InvoiceStatus, number>> = { DRAFT: 0, SUBMITTED: 1, AUTHORISED: 2, PAID: 3, VOIDED: 4, DELETED: 5 };

export interface SeedCurrency {
  code: string;
  rate: number;
  /** Sales tax charged on this currency's invoices (foreign-currency invoices are zero-rated exports). */
  basisPoints: number;
}

export interface InvoiceColumns {
  capacity: number;
  count: number;
  guid: Uint32Array;
  /** The seeded payment's id; all zero when the invoice has none. */
  payGuid: Uint32Array;
  /** Position of the contact in the store's contact list. */
  contact: Int32Array;
  /** INV sequence number (ACCREC) or BILL number (ACCPAY). */
  number: Int32Array;
  /** PO number of the Reference, 0 for none. */
  reference: Int32Array;
  dateDay: Int32Array;
  dueDay: Int32Array;
  payDay: Int32Array;
  status: Uint8Array;
  type: Uint8Array;
  currency: Uint8Array;
  taxCents: Int32Array;
  totalCents: Int32Array;
  paidCents: Int32Array;
  updatedAt: Float64Array;
  lineKey: Int32Array;
}

export function createInvoiceColumns(capacity: number): InvoiceColumns {
  return {
    capacity,
    count: 0,
    guid: new Uint32Array(capacity * 4),
    payGuid: new Uint32Array(capacity * 4),
    contact: new Int32Array(capacity),
    number: new Int32Array(capacity),
    reference: new Int32Array(capacity),
    dateDay: new Int32Array(capacity),
    dueDay: new Int32Array(capacity),
    payDay: new Int32Array(capacity).fill(-1),
    status: new Uint8Array(capacity),
    type: new Uint8Array(capacity),
    currency: new Uint8Array(capacity),
    taxCents: new Int32Array(capacity),
    totalCents: new Int32Array(capacity),
    paidCents: new Int32Array(capacity),
    updatedAt: new Float64Array(capacity),
    lineKey: new Int32Array(capacity),
  };
}

/** What a row needs from outside itself to become a record. */
export interface ColumnContext {
  columns: InvoiceColumns;
  currencies: readonly SeedCurrency[];
  contactIdAt: (position: number) => string;
  invoicePrefix: string;
  /** Sandbox time of the seed (seeded payments were "updated" an hour after their date, but never after it). */
  seededAt: number;
}

function words(source: Uint32Array, row: number): string {
  const at = row * 4;
  return guidFromWords(source[at] ?? 0, source[at + 1] ?? 0, source[at + 2] ?? 0, source[at + 3] ?? 0);
}

export function hasSeededPayment(columns: InvoiceColumns, row: number): boolean {
  return (columns.payDay[row] ?? -1) >= 0;
}

export function invoiceIdAt(columns: InvoiceColumns, row: number): string {
  return words(columns.guid, row);
}

export function invoiceNumberFor(type: number, number: number, invoicePrefix: string): string {
  return type === 0 ? `${invoicePrefix}${String(number).padStart(4, '0')}` : `BILL-${String(number).padStart(5, '0')}`;
}

/**
 * A seeded row as an InvoiceRecord. The object is frozen: it is a view, so a write that forgot to go through
 * InvoiceTable.edit fails loudly instead of being lost. Lines are built only when read.
 */
export function materialiseInvoice(context: ColumnContext, row: number): InvoiceRecord {
  const { columns } = context;
  const invoiceId = invoiceIdAt(columns, row);
  const type = columns.type[row] ?? 0;
  const status = INVOICE_STATUSES[columns.status[row] ?? 0] ?? 'DRAFT';
  const currency = context.currencies[columns.currency[row] ?? 0];
  const taxCents = columns.taxCents[row] ?? 0;
  const totalCents = columns.totalCents[row] ?? 0;
  const paid = hasSeededPayment(columns, row);
  const reference = columns.reference[row] ?? 0;
  const lineKey = columns.lineKey[row] ?? 0;
  const basisPoints = currency?.basisPoints ?? 0;
  const accountCode = type === 0 ? '200' : '400';
  return Object.freeze({
    invoiceId,
    type: INVOICE_TYPES[type] ?? 'ACCREC',
    contactId: context.contactIdAt(columns.contact[row] ?? 0),
    invoiceNumber: invoiceNumberFor(type, columns.number[row] ?? 0, context.invoicePrefix),
    reference: reference === 0 ? '' : `PO-${reference}`,
    date: (columns.dateDay[row] ?? 0) * DAY_MS,
    dueDate: (columns.dueDay[row] ?? 0) * DAY_MS,
    status,
    lineAmountTypes: 'Exclusive',
    currencyCode: currency?.code ?? '',
    currencyRate: currency?.rate ?? 1,
    get lines() {
      return seededLineRecords(lineKey, basisPoints, accountCode, invoiceId);
    },
    subTotalCents: totalCents - taxCents,
    taxCents,
    totalCents,
    paidCents: paid ? (columns.paidCents[row] ?? 0) : 0,
    creditedCents: 0,
    sentToContact: status !== 'DRAFT' && status !== 'SUBMITTED',
    paymentIds: paid ? [words(columns.payGuid, row)] : [],
    fullyPaidOn: paid && status === 'PAID' ? (columns.payDay[row] ?? 0) * DAY_MS : undefined,
    updatedAt: columns.updatedAt[row] ?? 0,
  });
}

export function seededPaymentUpdatedAt(context: ColumnContext, row: number): number {
  return Math.min(context.seededAt - 1, (context.columns.payDay[row] ?? 0) * DAY_MS + 3_600_000);
}

/** The seeded payment stored in a row (callers check hasSeededPayment first). */
export function materialisePayment(
  context: ColumnContext,
  row: number,
  bankAccount: { accountId: string; code: string },
): PaymentRecord {
  const { columns } = context;
  return {
    paymentId: words(columns.payGuid, row),
    invoiceId: invoiceIdAt(columns, row),
    date: (columns.payDay[row] ?? 0) * DAY_MS,
    amountCents: columns.paidCents[row] ?? 0,
    currencyRate: context.currencies[columns.currency[row] ?? 0]?.rate ?? 1,
    reference: '',
    accountId: bankAccount.accountId,
    accountCode: bankAccount.code,
    status: 'AUTHORISED',
    updatedAt: seededPaymentUpdatedAt(context, row),
  };
}
