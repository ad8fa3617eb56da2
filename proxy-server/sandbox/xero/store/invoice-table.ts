import { DAY_MS } from '../support/ms-date';
import { createGuidIndex, type GuidIndex } from './guid-index';
import {
  type ColumnContext,
  createInvoiceColumns,
  INVOICE_STATUSES,
  INVOICE_TYPES,
  invoiceNumberFor,
  materialiseInvoice,
} from './invoice-columns';
import { type InvoiceRecord, type InvoiceStatus, type InvoiceType } from './model';

/**
 * All invoices of one organisation, in creation order: the seeded rows (compact columns, invoice-columns.ts) first,
 * then invoices created through the API. Reading a seeded row builds a frozen view; changing an invoice goes through
 * edit(), which copies the row into a real record once ("written") and keeps the indexes right. Positions are stable,
 * so paging is a slice of positions and never a scan.
 */
export interface InvoiceTable {
  readonly size: number;
  /** Bumped by every add and edit, so caches of serialised pages know when to drop (api/page-cache.ts). */
  readonly revision: number;
  at(position: number): InvoiceRecord;
  positionOf(id: string): number;
  byId(id: string): InvoiceRecord | undefined;
  /** First invoice (creation order) with this InvoiceNumber. */
  byNumber(invoiceNumber: string): InvoiceRecord | undefined;
  positionsForContact(contactId: string): number[];
  forContact(contactId: string): InvoiceRecord[];
  /** Column reads that do not build the record: balances and list filters over a million rows. */
  statusOf(position: number): InvoiceStatus;
  typeOf(position: number): InvoiceType;
  updatedAtOf(position: number): number;
  dueDateOf(position: number): number;
  amountDueOf(position: number): number;
  add(invoice: InvoiceRecord): void;
  /** Applies `change` to the stored (mutable) record of `invoice` and returns it. */
  edit(invoice: InvoiceRecord, change: (record: InvoiceRecord) => void): InvoiceRecord;
  [Symbol.iterator](): Iterator<InvoiceRecord>;
}

export interface SeededInvoices {
  context: ColumnContext;
  /** contactId -> position in the contact list, for the seeded rows' contact column. */
  contactPositions: ReadonlyMap<string, number>;
}

/** Positions of each contact's seeded rows, CSR-style: rows of contact k are order[offsets[k] .. offsets[k+1]). */
function groupByContact(context: ColumnContext, contactCount: number): { offsets: Int32Array; order: Int32Array } {
  const { columns } = context;
  const offsets = new Int32Array(contactCount + 1);
  for (let row = 0; row < columns.count; row += 1) offsets[(columns.contact[row] ?? 0) + 1] = (offsets[(columns.contact[row] ?? 0) + 1] ?? 0) + 1;
  for (let k = 0; k < contactCount; k += 1) offsets[k + 1] = (offsets[k + 1] ?? 0) + (offsets[k] ?? 0);
  const fill = offsets.slice(0, contactCount);
  const order = new Int32Array(columns.count);
  for (let row = 0; row < columns.count; row += 1) {
    const contact = columns.contact[row] ?? 0;
    order[fill[contact] ?? 0] = row;
    fill[contact] = (fill[contact] ?? 0) + 1;
  }
  return { offsets, order };
}

/** Positions of seeded ACCREC rows by their INV sequence number. */
function accrecByNumber(context: ColumnContext): Int32Array {
  const { columns } = context;
  let max = 0;
  for (let row = 0; row < columns.count; row += 1) if (columns.type[row] === 0) max = Math.max(max, columns.number[row] ?? 0);
  const positions = new Int32Array(max + 1).fill(-1);
  for (let row = 0; row < columns.count; row += 1) if (columns.type[row] === 0) positions[columns.number[row] ?? 0] = row;
  return positions;
}

export function emptySeededInvoices(invoicePrefix: string): SeededInvoices {
  return {
    context: { columns: createInvoiceColumns(0), currencies: [], contactIdAt: () => '', invoicePrefix, seededAt: 0 },
    contactPositions: new Map(),
  };
}

export function createInvoiceTable(seeded: SeededInvoices): InvoiceTable {
  const { context, contactPositions } = seeded;
  const { columns } = context;
  const seededCount = columns.count;
  const ids: GuidIndex = createGuidIndex(columns.guid, seededCount);
  const byContact = groupByContact(context, contactPositions.size);
  const accrec = accrecByNumber(context);
  const billPattern = /^BILL-(\d+)$/;
  const invPattern = new RegExp(`^${context.invoicePrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
  // Invoices that are real records: seeded rows that have been written, and everything created through the API.
  const written = new Map<number, InvoiceRecord>();
  const added: InvoiceRecord[] = [];
  const addedIds = new Map<string, number>();
  // Where written records may be found by contact / number; stale entries are filtered on read.
  const writtenByContact = new Map<string, Set<number>>();
  const writtenByNumber = new Map<string, Set<number>>();
  let revision = 0;

  const record = (position: number): InvoiceRecord | undefined =>
    position >= seededCount ? added[position - seededCount] : written.get(position);
  const note = (index: Map<string, Set<number>>, key: string, position: number) => {
    const set = index.get(key);
    if (set) set.add(position);
    else index.set(key, new Set([position]));
  };
  const remember = (position: number, invoice: InvoiceRecord) => {
    const seededContact = position < seededCount ? context.contactIdAt(columns.contact[position] ?? 0) : undefined;
    if (invoice.contactId !== seededContact) note(writtenByContact, invoice.contactId, position);
    note(writtenByNumber, invoice.invoiceNumber, position);
    revision += 1;
  };

  const table: InvoiceTable = {
    get size() {
      return seededCount + added.length;
    },
    get revision() {
      return revision;
    },
    at(position) {
      const real = record(position);
      if (real) return real;
      if (position < 0 || position >= seededCount) throw new RangeError(`no invoice at ${position}`);
      return materialiseInvoice(context, position);
    },
    positionOf(id) {
      const lower = id.toLowerCase();
      const position = ids.find(lower);
      return position >= 0 ? position : (addedIds.get(lower) ?? -1);
    },
    byId(id) {
      const position = table.positionOf(id);
      return position >= 0 ? table.at(position) : undefined;
    },
    byNumber(invoiceNumber) {
      const candidates = [...(writtenByNumber.get(invoiceNumber) ?? [])];
      const inv = invPattern.exec(invoiceNumber);
      const bill = billPattern.exec(invoiceNumber);
      if (inv) candidates.push(accrec[Number(inv[1])] ?? -1);
      if (bill) candidates.push(Number(bill[1]) - 1);
      const matches = candidates.filter((position) => {
        if (position < 0 || position >= table.size) return false;
        const real = record(position);
        if (real) return real.invoiceNumber === invoiceNumber;
        return invoiceNumberFor(columns.type[position] ?? 0, columns.number[position] ?? 0, context.invoicePrefix) === invoiceNumber;
      });
      return matches.length === 0 ? undefined : table.at(Math.min(...matches));
    },
    positionsForContact(contactId) {
      const positions = new Set<number>();
      const k = contactPositions.get(contactId);
      if (k !== undefined) {
        for (let i = byContact.offsets[k] ?? 0; i < (byContact.offsets[k + 1] ?? 0); i += 1) positions.add(byContact.order[i] ?? 0);
      }
      for (const position of writtenByContact.get(contactId) ?? []) positions.add(position);
      return [...positions].filter((position) => (record(position)?.contactId ?? contactId) === contactId).sort((a, b) => a - b);
    },
    forContact(contactId) {
      return table.positionsForContact(contactId).map((position) => table.at(position));
    },
    statusOf(position) {
      return record(position)?.status ?? INVOICE_STATUSES[columns.status[position] ?? 0] ?? 'DRAFT';
    },
    typeOf(position) {
      return record(position)?.type ?? INVOICE_TYPES[columns.type[position] ?? 0] ?? 'ACCREC';
    },
    updatedAtOf(position) {
      return record(position)?.updatedAt ?? columns.updatedAt[position] ?? 0;
    },
    dueDateOf(position) {
      return record(position)?.dueDate ?? (columns.dueDay[position] ?? 0) * DAY_MS;
    },
    amountDueOf(position) {
      const real = record(position);
      if (real) return real.totalCents - real.paidCents - real.creditedCents;
      const paid = (columns.payDay[position] ?? -1) >= 0 ? (columns.paidCents[position] ?? 0) : 0;
      return (columns.totalCents[position] ?? 0) - paid;
    },
    add(invoice) {
      const position = seededCount + added.length;
      added.push(invoice);
      addedIds.set(invoice.invoiceId.toLowerCase(), position);
      remember(position, invoice);
    },
    edit(invoice, change) {
      const position = table.positionOf(invoice.invoiceId);
      if (position < 0) throw new Error(`unknown invoice ${invoice.invoiceId}`);
      let real = record(position);
      if (!real) {
        const view = materialiseInvoice(context, position);
        real = { ...view, lines: view.lines, paymentIds: [...view.paymentIds] };
        written.set(position, real);
      }
      change(real);
      remember(position, real);
      return real;
    },
    *[Symbol.iterator]() {
      for (let position = 0; position < table.size; position += 1) yield table.at(position);
    },
  };
  return table;
}
