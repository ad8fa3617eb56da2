import { centsToAmount } from '../support/money';
import { dateString, msDate, utcSecondsString } from '../support/ms-date';
import {
  type CreditNoteRecord,
  type InvoiceRecord,
  type ItemRecord,
  type LineItemRecord,
  type PaymentRecord,
  type QuoteRecord,
} from '../store/model';
import { amountDueCents, type TenantStore } from '../store/tenant-store';
import { wireNestedContact } from './serialize-contact';

export function wireLineItem(line: LineItemRecord): Record<string, unknown> {
  return {
    Description: line.description,
    UnitAmount: centsToAmount(line.unitAmountCents),
    TaxType: line.taxType,
    TaxAmount: centsToAmount(line.taxCents),
    LineAmount: centsToAmount(line.lineCents),
    AccountCode: line.accountCode,
    ...(line.itemCode === undefined ? {} : { ItemCode: line.itemCode }),
    Tracking: [],
    Quantity: line.quantity,
    LineItemID: line.lineItemId,
    ValidationErrors: [],
  };
}

function paymentSummary(payment: PaymentRecord): Record<string, unknown> {
  return {
    PaymentID: payment.paymentId,
    Date: msDate(payment.date),
    Amount: centsToAmount(payment.amountCents),
    Reference: payment.reference,
    CurrencyRate: payment.currencyRate,
    HasAccount: false,
    HasValidationErrors: false,
  };
}

/**
 * An invoice, key order as examples/getInvoices.200.json. `withLines` is false for unpaged lists (Xero leaves line
 * items out unless the list is paged, api-facts.md section 2); summaryOnly also drops payments and credit notes.
 */
export function wireInvoice(
  store: TenantStore,
  invoice: InvoiceRecord,
  options: { withLines: boolean; summaryOnly?: boolean },
): Record<string, unknown> {
  const contact = store.contactsById.get(invoice.contactId);
  const payments = options.summaryOnly
    ? undefined
    : invoice.paymentIds.flatMap((id) => {
        const payment = store.payments.byId(id);
        return payment && payment.status === 'AUTHORISED' ? [paymentSummary(payment)] : [];
      });
  return {
    Type: invoice.type,
    InvoiceID: invoice.invoiceId,
    InvoiceNumber: invoice.invoiceNumber,
    Reference: invoice.reference,
    ...(payments === undefined ? {} : { Payments: payments, CreditNotes: [], Prepayments: [], Overpayments: [] }),
    AmountDue: centsToAmount(amountDueCents(invoice)),
    AmountPaid: centsToAmount(invoice.paidCents),
    AmountCredited: centsToAmount(invoice.creditedCents),
    ...(invoice.sentToContact ? { SentToContact: true } : {}),
    CurrencyRate: invoice.currencyRate,
    HasErrors: false,
    IsDiscounted: false,
    HasAttachments: false,
    Contact: wireNestedContact(contact, invoice.contactId),
    DateString: dateString(invoice.date),
    Date: msDate(invoice.date),
    DueDateString: dateString(invoice.dueDate),
    DueDate: msDate(invoice.dueDate),
    Status: invoice.status,
    LineAmountTypes: invoice.lineAmountTypes,
    ...(options.summaryOnly ? {} : { LineItems: options.withLines ? invoice.lines.map(wireLineItem) : [] }),
    SubTotal: centsToAmount(invoice.subTotalCents),
    TotalTax: centsToAmount(invoice.taxCents),
    Total: centsToAmount(invoice.totalCents),
    UpdatedDateUTC: msDate(invoice.updatedAt),
    UpdatedDateUTCString: utcSecondsString(invoice.updatedAt),
    CurrencyCode: invoice.currencyCode,
    ...(invoice.fullyPaidOn === undefined ? {} : { FullyPaidOnDate: msDate(invoice.fullyPaidOn) }),
  };
}

/** A payment, key order as examples/getPayments.200.json. */
export function wirePayment(store: TenantStore, payment: PaymentRecord): Record<string, unknown> {
  const invoice = store.invoices.byId(payment.invoiceId);
  const contact = invoice ? store.contactsById.get(invoice.contactId) : undefined;
  return {
    PaymentID: payment.paymentId,
    Date: msDate(payment.date),
    BankAmount: centsToAmount(payment.amountCents),
    Amount: centsToAmount(payment.amountCents),
    Reference: payment.reference,
    CurrencyRate: payment.currencyRate,
    PaymentType: invoice?.type === 'ACCPAY' ? 'ACCPAYPAYMENT' : 'ACCRECPAYMENT',
    Status: payment.status,
    UpdatedDateUTC: msDate(payment.updatedAt),
    UpdatedDateUTCString: utcSecondsString(payment.updatedAt),
    HasAccount: true,
    IsReconciled: false,
    Account: { AccountID: payment.accountId, Code: payment.accountCode },
    Invoice: {
      Type: invoice?.type ?? 'ACCREC',
      InvoiceID: payment.invoiceId,
      InvoiceNumber: invoice?.invoiceNumber ?? '',
      Payments: [],
      CreditNotes: [],
      Prepayments: [],
      Overpayments: [],
      HasErrors: false,
      IsDiscounted: false,
      Contact: { ...wireNestedContact(contact, invoice?.contactId ?? ''), ContactNumber: contact?.contactNumber ?? '' },
      LineItems: [],
      CurrencyCode: invoice?.currencyCode ?? store.organisation.baseCurrency,
    },
    HasValidationErrors: false,
  };
}

const QUOTE_LINE_AMOUNT_TYPES = { Exclusive: 'EXCLUSIVE', Inclusive: 'INCLUSIVE', NoTax: 'NOTAX' } as const;

/** Quotes use upper-case LineAmountTypes (xero_accounting.yaml QuoteLineAmountTypes), unlike invoices. */
export function wireQuote(store: TenantStore, quote: QuoteRecord): Record<string, unknown> {
  return {
    QuoteID: quote.quoteId,
    QuoteNumber: quote.quoteNumber,
    Reference: quote.reference,
    Terms: '',
    Contact: wireNestedContact(store.contactsById.get(quote.contactId), quote.contactId),
    LineItems: quote.lines.map(wireLineItem),
    Date: msDate(quote.date),
    DateString: dateString(quote.date),
    ExpiryDate: msDate(quote.expiryDate),
    ExpiryDateString: dateString(quote.expiryDate),
    Status: quote.status,
    CurrencyRate: 1,
    CurrencyCode: quote.currencyCode,
    SubTotal: centsToAmount(quote.subTotalCents),
    TotalTax: centsToAmount(quote.taxCents),
    Total: centsToAmount(quote.totalCents),
    TotalDiscount: 0,
    Title: quote.title,
    Summary: '',
    UpdatedDateUTC: msDate(quote.updatedAt),
    LineAmountTypes: QUOTE_LINE_AMOUNT_TYPES[quote.lineAmountTypes],
  };
}

/** A credit note, key order as examples/getCreditNotes.200.json (which carries both CreditNoteID and ID). */
export function wireCreditNote(store: TenantStore, creditNote: CreditNoteRecord, withLines: boolean): Record<string, unknown> {
  return {
    CreditNoteID: creditNote.creditNoteId,
    CreditNoteNumber: creditNote.creditNoteNumber,
    Payments: [],
    ID: creditNote.creditNoteId,
    CurrencyRate: 1,
    Type: creditNote.type,
    Reference: creditNote.reference,
    RemainingCredit: centsToAmount(creditNote.remainingCreditCents),
    Allocations: [],
    HasAttachments: false,
    Contact: wireNestedContact(store.contactsById.get(creditNote.contactId), creditNote.contactId),
    DateString: dateString(creditNote.date),
    Date: msDate(creditNote.date),
    Status: creditNote.status,
    LineAmountTypes: 'Exclusive',
    LineItems: withLines ? creditNote.lines.map(wireLineItem) : [],
    SubTotal: centsToAmount(creditNote.subTotalCents),
    TotalTax: centsToAmount(creditNote.taxCents),
    Total: centsToAmount(creditNote.totalCents),
    UpdatedDateUTC: msDate(creditNote.updatedAt),
    UpdatedDateUTCString: utcSecondsString(creditNote.updatedAt),
    CurrencyCode: creditNote.currencyCode,
  };
}

/** An item, key order as examples/getItems.200.json. */
export function wireItem(store: TenantStore, item: ItemRecord): Record<string, unknown> {
  return {
    ItemID: item.itemId,
    Code: item.code,
    Description: item.description,
    UpdatedDateUTC: msDate(item.updatedAt),
    PurchaseDetails: {},
    SalesDetails:
      item.salesUnitPriceCents === undefined
        ? {}
        : {
            UnitPrice: centsToAmount(item.salesUnitPriceCents),
            AccountCode: item.salesAccountCode,
            TaxType: store.organisation.salesTaxType,
          },
    Name: item.name,
    IsTrackedAsInventory: false,
    IsSold: item.isSold,
    IsPurchased: item.isPurchased,
  };
}

export const INVOICE_FIELDS = new Set(
  [
    'Type', 'Contact', 'LineItems', 'Date', 'DueDate', 'LineAmountTypes', 'InvoiceNumber', 'Reference', 'CurrencyCode',
    'CurrencyRate', 'Status', 'SentToContact', 'SubTotal', 'TotalTax', 'Total', 'InvoiceID', 'AmountDue', 'AmountPaid',
    'AmountCredited', 'UpdatedDateUTC', 'FullyPaidOnDate', 'HasAttachments', 'IsDiscounted',
  ].map((field) => field.toLowerCase()),
);
