/**
 * Internal records of one Xero organisation. Money is integer cents; timestamps are epoch milliseconds (sandbox clock).
 * Wire shapes are produced by api/serialize-*.ts; balances are derived from invoices, never stored, which is also why
 * a payment changes Balances without bumping the contact's UpdatedDateUTC (api-facts.md section 2).
 */
export type ContactStatus = 'ACTIVE' | 'ARCHIVED';
export type InvoiceType = 'ACCREC' | 'ACCPAY';
export type InvoiceStatus = 'DRAFT' | 'SUBMITTED' | 'AUTHORISED' | 'PAID' | 'VOIDED' | 'DELETED';
export type LineAmountTypes = 'Exclusive' | 'Inclusive' | 'NoTax';

export interface OrganisationRecord {
  tenantId: string;
  name: string;
  legalName: string;
  shortCode: string;
  baseCurrency: string;
  countryCode: string;
  version: string;
  timezone: string;
  taxNumber: string;
  /** Standard sales tax (OUTPUT2) in basis points: NZ GST 15 %, UK VAT 20 %. */
  salesTaxBasisPoints: number;
  salesTaxType: string;
  createdAt: number;
  invoicePrefix: string;
}

export interface AddressRecord {
  type: 'POBOX' | 'STREET';
  line1: string;
  line2: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  attentionTo: string;
}

export interface PhoneRecord {
  type: 'DEFAULT' | 'DDI' | 'MOBILE' | 'FAX';
  number: string;
  areaCode: string;
  countryCode: string;
}

export interface ContactPersonRecord {
  firstName: string;
  lastName: string;
  email: string;
  includeInEmails: boolean;
}

export interface ContactRecord {
  contactId: string;
  contactNumber: string | undefined;
  accountNumber: string | undefined;
  status: ContactStatus;
  name: string;
  firstName: string | undefined;
  lastName: string | undefined;
  email: string | undefined;
  companyNumber: string | undefined;
  taxNumber: string | undefined;
  website: string | undefined;
  contactPersons: ContactPersonRecord[];
  addresses: AddressRecord[];
  phones: PhoneRecord[];
  isSupplier: boolean;
  isCustomer: boolean;
  defaultCurrency: string | undefined;
  updatedAt: number;
}

export interface LineItemRecord {
  lineItemId: string;
  description: string;
  quantity: number;
  unitAmountCents: number;
  itemCode: string | undefined;
  accountCode: string;
  taxType: string;
  taxCents: number;
  lineCents: number;
}

export interface InvoiceRecord {
  invoiceId: string;
  type: InvoiceType;
  contactId: string;
  invoiceNumber: string;
  reference: string;
  date: number;
  dueDate: number;
  status: InvoiceStatus;
  lineAmountTypes: LineAmountTypes;
  currencyCode: string;
  currencyRate: number;
  lines: LineItemRecord[];
  subTotalCents: number;
  taxCents: number;
  totalCents: number;
  paidCents: number;
  creditedCents: number;
  sentToContact: boolean;
  paymentIds: string[];
  fullyPaidOn: number | undefined;
  updatedAt: number;
}

export interface PaymentRecord {
  paymentId: string;
  invoiceId: string;
  date: number;
  amountCents: number;
  currencyRate: number;
  reference: string;
  accountId: string;
  accountCode: string;
  status: 'AUTHORISED' | 'DELETED';
  updatedAt: number;
}

export type QuoteStatus = 'DRAFT' | 'SENT' | 'DECLINED' | 'ACCEPTED' | 'INVOICED' | 'DELETED';

export interface QuoteRecord {
  quoteId: string;
  quoteNumber: string;
  reference: string;
  contactId: string;
  date: number;
  expiryDate: number;
  status: QuoteStatus;
  currencyCode: string;
  lineAmountTypes: LineAmountTypes;
  lines: LineItemRecord[];
  subTotalCents: number;
  taxCents: number;
  totalCents: number;
  title: string;
  updatedAt: number;
}

export interface CreditNoteRecord {
  creditNoteId: string;
  creditNoteNumber: string;
  type: 'ACCRECCREDIT' | 'ACCPAYCREDIT';
  contactId: string;
  reference: string;
  date: number;
  status: 'DRAFT' | 'AUTHORISED' | 'PAID' | 'VOIDED';
  currencyCode: string;
  lines: LineItemRecord[];
  subTotalCents: number;
  taxCents: number;
  totalCents: number;
  remainingCreditCents: number;
  updatedAt: number;
}

export interface ItemRecord {
  itemId: string;
  code: string;
  name: string;
  description: string;
  salesUnitPriceCents: number | undefined;
  salesAccountCode: string;
  isSold: boolean;
  isPurchased: boolean;
  updatedAt: number;
}

/** The bank account payments are recorded against (Account.Code 090 is the demo company's business bank account). */
export interface BankAccountRecord {
  accountId: string;
  code: string;
  name: string;
}
