import { DAY_MS, startOfUtcDay } from '../support/ms-date';
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

/**
 * One organisation's data with the indexes the API needs. Lists keep creation order (so paging stays stable while
 * records are added); maps give O(1) lookups, which matters at 100,000 contacts / 1,000,000 invoices.
 */
export interface TenantStore {
  organisation: OrganisationRecord;
  bankAccount: BankAccountRecord;
  contacts: ContactRecord[];
  contactsById: Map<string, ContactRecord>;
  invoices: InvoiceRecord[];
  invoicesById: Map<string, InvoiceRecord>;
  invoicesByContact: Map<string, InvoiceRecord[]>;
  payments: PaymentRecord[];
  paymentsById: Map<string, PaymentRecord>;
  quotes: QuoteRecord[];
  creditNotes: CreditNoteRecord[];
  items: ItemRecord[];
  nextInvoiceNumber: number;
}

export function createTenantStore(organisation: OrganisationRecord, bankAccount: BankAccountRecord): TenantStore {
  return {
    organisation,
    bankAccount,
    contacts: [],
    contactsById: new Map(),
    invoices: [],
    invoicesById: new Map(),
    invoicesByContact: new Map(),
    payments: [],
    paymentsById: new Map(),
    quotes: [],
    creditNotes: [],
    items: [],
    nextInvoiceNumber: 1,
  };
}

export function addContact(store: TenantStore, contact: ContactRecord): void {
  store.contacts.push(contact);
  store.contactsById.set(contact.contactId, contact);
}

export function addInvoice(store: TenantStore, invoice: InvoiceRecord): void {
  store.invoices.push(invoice);
  store.invoicesById.set(invoice.invoiceId, invoice);
  const forContact = store.invoicesByContact.get(invoice.contactId);
  if (forContact) forContact.push(invoice);
  else store.invoicesByContact.set(invoice.contactId, [invoice]);
}

export function addPayment(store: TenantStore, payment: PaymentRecord): void {
  store.payments.push(payment);
  store.paymentsById.set(payment.paymentId, payment);
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
  for (const invoice of store.invoicesByContact.get(contactId) ?? []) {
    if (invoice.status === 'DELETED') continue;
    balances.hasActivity = true;
    if (!countsTowardsBalance(invoice)) continue;
    const due = amountDueCents(invoice);
    const overdue = invoice.dueDate < today ? due : 0;
    if (invoice.type === 'ACCREC') {
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
