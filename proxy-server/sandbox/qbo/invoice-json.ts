import { currencyName } from './currencies.js';
import { centsToAmount } from './customer-json.js';
import { defaultTaxCode, linesJson } from './entities/sales-lines.js';
import { formatQboDateTime } from './qbo-time.js';
import type { QboCompanyData, QboInvoiceRecord, QboPaymentRecord } from './records.js';

type Json = Record<string, unknown>;

/** Invoice in QBO's shape and key order (recorded/delete__invoice__0.json), with a SubTotalLineDetail line last. */
export function invoiceJson(company: QboCompanyData, invoice: QboInvoiceRecord): Json {
  const customer = company.customer(invoice.customerId);
  const linkedPayments = company.payments
    .filter((payment) => payment.applied.some((applied) => applied.invoiceId === invoice.id))
    .map((payment) => ({ TxnId: payment.id, TxnType: 'Payment' }));
  const json: Json = {
    AllowIPNPayment: false,
    AllowOnlinePayment: false,
    AllowOnlineCreditCardPayment: false,
    AllowOnlineACHPayment: false,
    domain: 'QBO',
    sparse: false,
    Id: invoice.id,
    SyncToken: String(invoice.syncToken),
    MetaData: {
      CreateTime: formatQboDateTime(invoice.createdAt),
      LastUpdatedTime: formatQboDateTime(invoice.updatedAt),
    },
    CustomField: [],
    DocNumber: invoice.docNumber,
    TxnDate: invoice.txnDate,
    CurrencyRef: { value: invoice.currency, name: currencyName(invoice.currency) },
    ...(invoice.privateNote === undefined ? {} : { PrivateNote: invoice.privateNote }),
    LinkedTxn: linkedPayments,
    Line: linesJson(invoice.lines, invoice.totalCents - (invoice.taxCents ?? 0), defaultTaxCode(company)),
    TxnTaxDetail: { TotalTax: centsToAmount(invoice.taxCents ?? 0) },
    CustomerRef: { value: invoice.customerId, name: customer?.displayName ?? '' },
  };
  if (invoice.customerMemo !== undefined) json.CustomerMemo = { value: invoice.customerMemo };
  if (customer?.billAddr !== undefined) json.BillAddr = { Id: customer.billAddr.id, Line1: customer.billAddr.line1, City: customer.billAddr.city, PostalCode: customer.billAddr.postalCode };
  json.DueDate = invoice.dueDate;
  json.TotalAmt = centsToAmount(invoice.totalCents);
  json.ApplyTaxAfterDiscount = false;
  json.PrintStatus = 'NotSet';
  json.EmailStatus = invoice.emailStatus;
  if (invoice.billEmail !== undefined) json.BillEmail = { Address: invoice.billEmail };
  if (invoice.sentAt !== undefined) json.DeliveryInfo = { DeliveryType: 'Email', DeliveryTime: formatQboDateTime(invoice.sentAt) };
  json.Balance = centsToAmount(invoice.balanceCents);
  return json;
}

/** Payment (Finance.xsd Payment; Line[].LinkedTxn points at the invoices it pays). */
export function paymentJson(company: QboCompanyData, payment: QboPaymentRecord): Json {
  const customer = company.customer(payment.customerId);
  const appliedCents = payment.applied.reduce((sum, applied) => sum + applied.amountCents, 0);
  return {
    CustomerRef: { value: payment.customerId, name: customer?.displayName ?? '' },
    TotalAmt: centsToAmount(payment.totalCents),
    UnappliedAmt: centsToAmount(payment.totalCents - appliedCents),
    ProcessPayment: false,
    domain: 'QBO',
    sparse: false,
    Id: payment.id,
    SyncToken: String(payment.syncToken),
    MetaData: {
      CreateTime: formatQboDateTime(payment.createdAt),
      LastUpdatedTime: formatQboDateTime(payment.updatedAt),
    },
    TxnDate: payment.txnDate,
    CurrencyRef: { value: payment.currency, name: currencyName(payment.currency) },
    Line: payment.applied.map((applied) => ({
      Amount: centsToAmount(applied.amountCents),
      LinkedTxn: [{ TxnId: applied.invoiceId, TxnType: 'Invoice' }],
    })),
  };
}
