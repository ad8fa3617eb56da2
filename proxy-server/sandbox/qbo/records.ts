import { EntityTable } from './entity-table.js';
import type {
  QboCreditMemoRecord, QboEmployeeRecord, QboEstimateRecord, QboItemRecord, QboSalesReceiptRecord, QboTaxCodeRecord,
  QboTimeActivityRecord, QboVendorRecord,
} from './other-records.js';

/**
 * The QBO emulator's internal rows. Plain objects in arrays plus Map indexes (no JSON round trips), so 100,000
 * customers are generated and queried in seconds; the wire JSON is built only for the rows a response returns
 * (customer-json.ts, invoice-json.ts). Money is integer cents: QBO's decimals are never summed as binary floats.
 */
export interface QboAddressRecord {
  id: string;
  line1: string;
  city: string;
  countrySubDivisionCode?: string;
  postalCode: string;
  country?: string;
}

export type QboDeliveryMethod = 'Print' | 'Email' | 'None';

export interface QboCustomerRecord {
  id: string;
  syncToken: number;
  displayName: string;
  givenName?: string;
  familyName?: string;
  companyName?: string;
  /** QBO keeps one PrimaryEmailAddr whose Address may hold several comma-separated addresses. */
  email?: string;
  phone?: string;
  billAddr?: QboAddressRecord;
  shipAddr?: QboAddressRecord;
  /** The customer's own open balance, in its currency's minor units; equals the sum of its open invoices. */
  balanceCents: number;
  currency: string;
  active: boolean;
  parentId?: string;
  taxable: boolean;
  preferredDeliveryMethod: QboDeliveryMethod;
  createdAt: number;
  updatedAt: number;
}

export interface QboInvoiceLineRecord {
  id: string;
  description: string;
  amountCents: number;
  qty: number;
  unitPriceCents: number;
  itemId: string;
  itemName: string;
  /** TaxCodeRef.value; 'NON' when absent (US companies). */
  taxCode?: string;
}

export type QboEmailStatus = 'NotSet' | 'NeedToSend' | 'EmailSent';

export interface QboInvoiceRecord {
  id: string;
  syncToken: number;
  docNumber: string;
  customerId: string;
  /** YYYY-MM-DD, as QBO sends TxnDate and DueDate. */
  txnDate: string;
  dueDate: string;
  lines: QboInvoiceLineRecord[];
  totalCents: number;
  balanceCents: number;
  currency: string;
  emailStatus: QboEmailStatus;
  billEmail?: string;
  /** Tax in cents, included in totalCents (non-US companies with a rated TaxCode). */
  taxCents?: number;
  /** operation=void: amounts zeroed, PrivateNote "Voided" (void__invoice__1.json). */
  voided?: boolean;
  privateNote?: string;
  customerMemo?: string;
  /** When `/invoice/{id}/send` last emailed it (DeliveryInfo). */
  sentAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface QboPaymentRecord {
  id: string;
  syncToken: number;
  customerId: string;
  txnDate: string;
  totalCents: number;
  currency: string;
  /** Invoice id → cents applied. */
  applied: { invoiceId: string; amountCents: number }[];
  createdAt: number;
  updatedAt: number;
}

export interface QboDeletedRecord {
  /** Canonical entity name: Invoice, Estimate, TimeActivity, … */
  entity: string;
  id: string;
  deletedAt: number;
}

export interface QboCompanyProfile {
  realmId: string;
  name: string;
  legalName: string;
  /** ISO 3166 alpha-2, as CompanyInfo.Country. */
  country: 'US' | 'GB';
  homeCurrency: string;
  email: string;
  phone: string;
  address: QboAddressRecord;
  createdAt: number;
}

/** One company's rows and indexes. Mutations go through the helpers so indexes stay consistent. */
export class QboCompanyData {
  readonly customers: QboCustomerRecord[] = [];
  readonly invoices: QboInvoiceRecord[] = [];
  readonly payments: QboPaymentRecord[] = [];
  readonly deleted: QboDeletedRecord[] = [];
  private readonly customerById = new Map<string, QboCustomerRecord>();
  private readonly customerByDisplayName = new Map<string, QboCustomerRecord>();
  private readonly childIds = new Map<string, string[]>();
  private readonly invoiceById = new Map<string, QboInvoiceRecord>();
  private readonly invoiceIdsByCustomer = new Map<string, string[]>();
  private readonly paymentById = new Map<string, QboPaymentRecord>();
  private lastId = 0;
  readonly vendors = new EntityTable<QboVendorRecord>();
  readonly employees = new EntityTable<QboEmployeeRecord>();
  readonly items = new EntityTable<QboItemRecord>();
  readonly taxCodes = new EntityTable<QboTaxCodeRecord>();
  readonly estimates = new EntityTable<QboEstimateRecord>();
  readonly creditMemos = new EntityTable<QboCreditMemoRecord>();
  readonly salesReceipts = new EntityTable<QboSalesReceiptRecord>();
  readonly timeActivities = new EntityTable<QboTimeActivityRecord>();
  /** Vendor and Employee display names (lower-cased); customers have their own index above. */
  private readonly otherNames = new Set<string>();
  private lastDocNumber = 1000;
  /** Bumped on every announced write (state.ts announce): invalidates the query executor's cached orderings. */
  revision = 0;

  constructor(readonly profile: QboCompanyProfile) {}

  /** QBO ids are numeric strings, unique within a company across entity types in practice. */
  nextId(): string {
    this.lastId += 1;
    return String(this.lastId);
  }

  reserveIds(upTo: number): void {
    this.lastId = Math.max(this.lastId, upTo);
  }

  addCustomer(customer: QboCustomerRecord): void {
    this.customers.push(customer);
    this.customerById.set(customer.id, customer);
    this.customerByDisplayName.set(customer.displayName.toLowerCase(), customer);
    if (customer.parentId !== undefined) {
      const siblings = this.childIds.get(customer.parentId) ?? [];
      siblings.push(customer.id);
      this.childIds.set(customer.parentId, siblings);
    }
    this.reserveIds(Number(customer.id) || 0);
  }

  /**
   * DisplayName is unique across Customer, Vendor and Employee, case-insensitively (QBO code 6240). `except` is the
   * record being renamed (its current name does not count).
   */
  nameTaken(displayName: string, except?: string): boolean {
    const key = displayName.toLowerCase();
    if (except !== undefined && except.toLowerCase() === key) return false;
    return this.customerByDisplayName.has(key) || this.otherNames.has(key);
  }

  addVendor(vendor: QboVendorRecord): void {
    this.vendors.add(vendor);
    this.otherNames.add(vendor.displayName.toLowerCase());
    this.reserveIds(Number(vendor.id) || 0);
  }

  addEmployee(employee: QboEmployeeRecord): void {
    this.employees.add(employee);
    this.otherNames.add(employee.displayName.toLowerCase());
    this.reserveIds(Number(employee.id) || 0);
  }

  /** Renames a vendor or employee in the shared name index. */
  renameOther(record: { displayName: string }, displayName: string): void {
    this.otherNames.delete(record.displayName.toLowerCase());
    record.displayName = displayName;
    this.otherNames.add(displayName.toLowerCase());
  }

  /** DocNumber for the next sales transaction: QBO numbers invoices, estimates, credit memos and receipts in one series. */
  nextDocNumber(): string {
    this.lastDocNumber += 1;
    return String(this.lastDocNumber);
  }

  reserveDocNumber(docNumber: string): void {
    const n = Number(docNumber);
    if (Number.isInteger(n)) this.lastDocNumber = Math.max(this.lastDocNumber, n);
  }

  /** Unapplied credit (credit memos' RemainingCredit) the customer holds, in cents. */
  unappliedCreditCents(customerId: string): number {
    let total = 0;
    for (const memo of this.creditMemos.rows) if (memo.customerId === customerId) total += memo.remainingCreditCents;
    return total;
  }

  renameCustomer(customer: QboCustomerRecord, displayName: string): void {
    this.customerByDisplayName.delete(customer.displayName.toLowerCase());
    customer.displayName = displayName;
    this.customerByDisplayName.set(displayName.toLowerCase(), customer);
  }

  customer(id: string): QboCustomerRecord | undefined {
    return this.customerById.get(id);
  }

  /** DisplayName uniqueness is case-insensitive in QBO (error 6240). */
  customerByName(displayName: string): QboCustomerRecord | undefined {
    return this.customerByDisplayName.get(displayName.toLowerCase());
  }

  children(parentId: string): QboCustomerRecord[] {
    return (this.childIds.get(parentId) ?? []).flatMap((id) => this.customerById.get(id) ?? []);
  }

  /** BalanceWithJobs: the customer's own balance plus every sub-customer's, recursively. */
  balanceWithJobsCents(customer: QboCustomerRecord): number {
    let total = customer.balanceCents;
    for (const child of this.children(customer.id)) total += this.balanceWithJobsCents(child);
    return total;
  }

  /** Level in the customer tree: 0 for top level (QBO omits it), 1 for a sub-customer, … */
  level(customer: QboCustomerRecord): number {
    let level = 0;
    let parentId = customer.parentId;
    while (parentId !== undefined && level < 5) {
      level += 1;
      parentId = this.customerById.get(parentId)?.parentId;
    }
    return level;
  }

  fullyQualifiedName(customer: QboCustomerRecord): string {
    const parent = customer.parentId === undefined ? undefined : this.customerById.get(customer.parentId);
    return parent === undefined ? customer.displayName : `${this.fullyQualifiedName(parent)}:${customer.displayName}`;
  }

  addInvoice(invoice: QboInvoiceRecord): void {
    this.invoices.push(invoice);
    this.invoiceById.set(invoice.id, invoice);
    const ids = this.invoiceIdsByCustomer.get(invoice.customerId) ?? [];
    ids.push(invoice.id);
    this.invoiceIdsByCustomer.set(invoice.customerId, ids);
    this.reserveIds(Number(invoice.id) || 0);
    this.reserveDocNumber(invoice.docNumber);
  }

  /** Removes an open invoice (its balance leaves the customer's) and remembers the deletion for CDC. */
  deleteInvoice(id: string, now: number): void {
    const invoice = this.invoiceById.get(id);
    if (invoice === undefined) return;
    const customer = this.customerById.get(invoice.customerId);
    if (customer !== undefined) customer.balanceCents -= invoice.balanceCents;
    this.invoiceById.delete(id);
    const index = this.invoices.indexOf(invoice);
    if (index >= 0) this.invoices.splice(index, 1);
    const ids = this.invoiceIdsByCustomer.get(invoice.customerId);
    if (ids !== undefined) this.invoiceIdsByCustomer.set(invoice.customerId, ids.filter((other) => other !== id));
    this.deleted.push({ entity: 'Invoice', id, deletedAt: now });
  }

  invoice(id: string): QboInvoiceRecord | undefined {
    return this.invoiceById.get(id);
  }

  invoicesOf(customerId: string): QboInvoiceRecord[] {
    return (this.invoiceIdsByCustomer.get(customerId) ?? []).flatMap((id) => this.invoiceById.get(id) ?? []);
  }

  addPayment(payment: QboPaymentRecord): void {
    this.payments.push(payment);
    this.paymentById.set(payment.id, payment);
    this.reserveIds(Number(payment.id) || 0);
  }

  payment(id: string): QboPaymentRecord | undefined {
    return this.paymentById.get(id);
  }
}
