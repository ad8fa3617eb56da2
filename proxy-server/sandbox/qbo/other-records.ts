import type { QboAddressRecord, QboEmailStatus, QboInvoiceLineRecord } from './records.js';

/**
 * Rows for the QBO entities beyond Customer/Invoice/Payment (Finance.xsd). Money is integer cents, dates are
 * YYYY-MM-DD strings, timestamps epoch ms, as in records.ts.
 */
interface Versioned {
  id: string;
  syncToken: number;
  createdAt: number;
  updatedAt: number;
}

/** A person or business the company pays or employs: shares DisplayName uniqueness with Customer (code 6240). */
interface NameRecord extends Versioned {
  displayName: string;
  givenName?: string;
  familyName?: string;
  companyName?: string;
  email?: string;
  phone?: string;
  billAddr?: QboAddressRecord;
  active: boolean;
}

export interface QboVendorRecord extends NameRecord {
  balanceCents: number;
  currency: string;
  vendor1099: boolean;
  acctNum?: string;
}

export interface QboEmployeeRecord extends NameRecord {
  billableTime: boolean;
  billRateCents?: number;
  hiredDate?: string;
  employeeNumber?: string;
}

export type QboItemType = 'Service' | 'Inventory' | 'NonInventory';

export interface QboItemRecord extends Versioned {
  name: string;
  description?: string;
  sku?: string;
  type: QboItemType;
  unitPriceCents: number;
  incomeAccount: { id: string; name: string };
  active: boolean;
  taxable: boolean;
  /** Inventory items only. */
  qtyOnHand?: number;
}

/** Fields every sales transaction (Invoice, Estimate, CreditMemo, SalesReceipt) shares. */
export interface QboSalesTxnRecord extends Versioned {
  docNumber: string;
  customerId: string;
  txnDate: string;
  lines: QboInvoiceLineRecord[];
  /** Sum of the lines, before tax. */
  subtotalCents: number;
  taxCents: number;
  totalCents: number;
  currency: string;
  emailStatus: QboEmailStatus;
  billEmail?: string;
  privateNote?: string;
  customerMemo?: string;
}

export type QboEstimateStatus = 'Pending' | 'Accepted' | 'Closed' | 'Rejected';

export interface QboEstimateRecord extends QboSalesTxnRecord {
  txnStatus: QboEstimateStatus;
  expirationDate?: string;
  acceptedBy?: string;
  acceptedDate?: string;
}

export interface QboCreditMemoRecord extends QboSalesTxnRecord {
  /** Credit not yet applied to an invoice; subtracted from the customer's Balance. */
  remainingCreditCents: number;
}

export interface QboSalesReceiptRecord extends QboSalesTxnRecord {
  paymentMethod?: string;
}

export type QboBillableStatus = 'Billable' | 'NotBillable' | 'HasBeenBilled';

export interface QboTimeActivityRecord extends Versioned {
  txnDate: string;
  nameOf: 'Employee' | 'Vendor';
  /** EmployeeRef or VendorRef, as nameOf says. */
  workerId: string;
  customerId?: string;
  itemId?: string;
  billableStatus: QboBillableStatus;
  taxable: boolean;
  hourlyRateCents: number;
  costRateCents: number;
  /** Either a duration (Hours/Minutes/Seconds) or StartTime/EndTime (ISO strings, as sent). */
  hours: number;
  minutes: number;
  seconds: number;
  startTime?: string;
  endTime?: string;
  description?: string;
}

/** QBO's TaxCode list (query only). US companies use the pseudo codes TAX/NON; others need a real code per line. */
export interface QboTaxCodeRecord {
  id: string;
  name: string;
  description: string;
  /** Percent, e.g. 20 for UK standard-rated VAT. */
  ratePercent: number;
  active: boolean;
  createdAt: number;
}
