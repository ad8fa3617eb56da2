import { DAY_MS, startOfUtcDay } from '../support/ms-date';
import { createInvoiceTable, emptySeededInvoices, type InvoiceTable, type SeededInvoices } from './invoice-table';
import {
  type BankAccountRecord,
  type ContactRecord,
  type CreditNoteRecord,
  type InvoiceRecord,
  type ItemRecord,
  type OrganisationRecord,
  type PaymentRecord,
  type QuoteRecord,
} from './model';
import { createPaymentTable, type PaymentTable } from './payment-table';

/**
 * One organisation's data with the indexes the API needs. Lists keep creation order (so paging stays stable while
 * records are added); maps give O(1) lookups, which matters at 100,000 contacts / 1,000,000 invoices. Invoices and
 * payments live in compact tables (invoice-table.ts): change an invoice only through `invoices.edit`.
 */
export interface TenantStore {
  organisation: OrganisationRecord;
  bankAccount: BankAccountRecord;
  contacts: ContactRecord[];
  contactsById: Map<string, ContactRecord>;
  /** Bumped by every contact write (page caches compare it, api/page-cache.ts). */
  contactRevision: number;
  invoices: InvoiceTable;
  payments: PaymentTable;
  quotes: QuoteRecord[];
  creditNotes: CreditNoteRecord[];
  items: ItemRecord[];
  nextInvoiceNumber: number;
}

export function createTenantStore(organisation: OrganisationRecord, bankAccount: BankAccountRecord): TenantStore {
  const seeded = emptySeededInvoices(organisation.invoicePrefix);
  return {
    organisation,
    bankAccount,
    contacts: [],
    contactsById: new Map(),
    contactRevision: 0,
    invoices: createInvoiceTable(seeded),
    payments: createPaymentTable(seeded.context, bankAccount),
    quotes: [],
    creditNotes: [],
    items: [],
    nextInvoiceNumber: 1,
  };
}

/** Replaces the (empty) invoice and payment tables with the seeded rows. */
export function installSeededInvoices(store: TenantStore, seeded: SeededInvoices): void {
  store.invoices = createInvoiceTable(seeded);
  store.payments = createPaymentTable(seeded.context, store.bankAccount);
}

export function addContact(store: TenantStore, contact: ContactRecord): void {
  store.contacts.push(contact);
  store.contactsById.set(contact.contactId, contact);
  store.contactRevision += 1;
}

/** Marks a change to an existing contact record (its fields were assigned in place). */
export function touchContacts(store: TenantStore): void {
  store.contactRevision += 1;
}

export function addInvoice(store: TenantStore, invoice: InvoiceRecord): void {
  store.invoices.add(invoice);
}

export function addPayment(store: TenantStore, payment: PaymentRecord): void {
  store.payments.add(payment);
}

export function amountDueCents(invoice: InvoiceRecord): number {
  return invoice.totalCents - invoice.paidCents - invoice.creditedCents;
}

/** Only approved documents count towards balances (Xero leaves DRAFT/SUBMITTED/VOIDED/DELETED out). */
export function countsTowardsBalance(invoice: InvoiceRecord): boolean {
  return invoice.status === 'AUTHORISED';
}

export interface ContactBalances {
  hasActivity: boolean;
  receivableOutstandingCents: number;
  receivableOverdueCents: number;
  payableOutstandingCents: number;
  payableOverdueCents: number;
}

/**
 * Balances in the invoices' own currency, not converted to base currency (xero_accounting.yaml Contact.Balances).
 * Overdue = due before today (sandbox clock).
 */
export function contactBalances(store: TenantStore, contactId: string, now: number): ContactBalances {
  const today = startOfUtcDay(now);
  const balances: ContactBalances = {
    hasActivity: false,
    receivableOutstandingCents: 0,
    receivableOverdueCents: 0,
    payableOutstandingCents: 0,
    payableOverdueCents: 0,
  };
  const { invoices } = store;
  // Column reads, no records built: a page of 1,000 contacts touches ~10,000 invoices.
  for (const position of invoices.positionsForContact(contactId)) {
    const status = invoices.statusOf(position);
    if (status === 'DELETED') continue;
    balances.hasActivity = true;
    if (status !== 'AUTHORISED') continue;
    const due = invoices.amountDueOf(position);
    const overdue = invoices.dueDateOf(position) < today ? due : 0;
    if (invoices.typeOf(position) === 'ACCREC') {
      balances.receivableOutstandingCents += due;
      balances.receivableOverdueCents += overdue;
    } else {
      balances.payableOutstandingCents += due;
      balances.payableOverdueCents += overdue;
    }
  }
  return balances;
}

export function nextInvoiceNumber(store: TenantStore): string {
  const number = `${store.organisation.invoicePrefix}${String(store.nextInvoiceNumber).padStart(4, '0')}`;
  store.nextInvoiceNumber += 1;
  return number;
}

export const DEFAULT_PAYMENT_TERMS_DAYS = 20;
export const PAYMENT_TERMS_MS = DEFAULT_PAYMENT_TERMS_DAYS * DAY_MS;
