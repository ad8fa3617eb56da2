import { z } from 'zod';
import { addressJson } from '../customer-json.js';
import type { FaultError } from '../fault-json.js';
import { formatQboDate } from '../qbo-time.js';
import type { QboSalesTxnRecord } from '../other-records.js';
import type { QboCompanyData, QboEmailStatus } from '../records.js';
import { amount, business, currencyRef, date, metaJson, notFound, ref, required, updateKeys } from './common.js';
import { defaultTaxCode, linesJson, priceLines, salesLine } from './sales-lines.js';

/** What Estimate, CreditMemo and SalesReceipt share with Invoice on the wire (Finance.xsd SalesTransaction). */
type Json = Record<string, unknown>;

export const salesTxnKeys = {
  ...updateKeys,
  CustomerRef: ref.optional(),
  Line: z.array(salesLine).optional(),
  TxnDate: date.optional(),
  DocNumber: z.string().max(21).optional(),
  CurrencyRef: ref.optional(),
  PrivateNote: z.string().max(4000).optional(),
  CustomerMemo: z.object({ value: z.string() }).loose().optional(),
  BillEmail: z.object({ Address: z.string() }).loose().optional(),
  EmailStatus: z.enum(['NotSet', 'NeedToSend', 'EmailSent']).optional(),
};

const _salesTxnBody = z.object(salesTxnKeys).loose();
export type SalesTxnBody = z.infer<typeof _salesTxnBody>;

/** Builds the shared part of a new transaction; validates the customer, currency and lines (tax codes included). */
export function newSalesTxn(company: QboCompanyData, body: SalesTxnBody, now: number): { ok: true; txn: QboSalesTxnRecord } | { ok: false; error: FaultError } {
  if (body.CustomerRef === undefined) return { ok: false, error: required('CustomerRef') };
  const customer = company.customer(body.CustomerRef.value);
  if (customer === undefined || !customer.active) return { ok: false, error: notFound('Customer', body.CustomerRef.value, 'CustomerRef') };
  if (body.CurrencyRef !== undefined && body.CurrencyRef.value !== customer.currency) {
    return { ok: false, error: business(`The currency of the transaction must match the customer's currency (${customer.currency}).`, 'CurrencyRef') };
  }
  const priced = priceLines(company, body.Line);
  if (!priced.ok) return priced;
  const txn: QboSalesTxnRecord = {
    id: company.nextId(),
    syncToken: 0,
    createdAt: now,
    updatedAt: now,
    docNumber: body.DocNumber ?? company.nextDocNumber(),
    customerId: customer.id,
    txnDate: body.TxnDate ?? formatQboDate(now),
    lines: priced.value.lines,
    subtotalCents: priced.value.subtotalCents,
    taxCents: priced.value.taxCents,
    totalCents: priced.value.subtotalCents + priced.value.taxCents,
    currency: customer.currency,
    emailStatus: body.EmailStatus ?? 'NotSet',
  };
  const email = body.BillEmail?.Address ?? customer.email;
  if (email !== undefined) txn.billEmail = email;
  if (body.PrivateNote !== undefined) txn.privateNote = body.PrivateNote;
  if (body.CustomerMemo !== undefined) txn.customerMemo = body.CustomerMemo.value;
  return { ok: true, txn };
}

/** Applies an update's shared fields; new Line replaces every line (QBO semantics) and re-prices. */
export function updateSalesTxn(company: QboCompanyData, txn: QboSalesTxnRecord, body: SalesTxnBody): FaultError | undefined {
  if (body.CustomerRef !== undefined && body.CustomerRef.value !== txn.customerId) {
    const customer = company.customer(body.CustomerRef.value);
    if (customer === undefined) return notFound('Customer', body.CustomerRef.value, 'CustomerRef');
    if (customer.currency !== txn.currency) return business('The currency of the transaction must match the customer\'s currency.', 'CustomerRef');
  }
  if (body.Line !== undefined) {
    const priced = priceLines(company, body.Line);
    if (!priced.ok) return priced.error;
    txn.lines = priced.value.lines;
    txn.subtotalCents = priced.value.subtotalCents;
    txn.taxCents = priced.value.taxCents;
    txn.totalCents = priced.value.subtotalCents + priced.value.taxCents;
  }
  if (body.CustomerRef !== undefined) txn.customerId = body.CustomerRef.value;
  if (body.TxnDate !== undefined) txn.txnDate = body.TxnDate;
  if (body.DocNumber !== undefined) txn.docNumber = body.DocNumber;
  if (body.PrivateNote !== undefined) txn.privateNote = body.PrivateNote;
  if (body.CustomerMemo !== undefined) txn.customerMemo = body.CustomerMemo.value;
  if (body.BillEmail !== undefined) txn.billEmail = body.BillEmail.Address;
  if (body.EmailStatus !== undefined) txn.emailStatus = body.EmailStatus as QboEmailStatus;
  return undefined;
}

/**
 * The JSON in the key order of recorded/update__sales_receipt__0.json; `middle` goes after CustomerRef (dates,
 * addresses), `tail` after EmailStatus (Balance, RemainingCredit, DepositToAccountRef…).
 */
export function salesTxnJson(company: QboCompanyData, txn: QboSalesTxnRecord, middle: Json, tail: Json, head: Json = {}): Json {
  const customer = company.customer(txn.customerId);
  const json: Json = {
    ...head,
    domain: 'QBO',
    sparse: false,
    Id: txn.id,
    SyncToken: String(txn.syncToken),
    MetaData: metaJson(txn),
    CustomField: [],
    DocNumber: txn.docNumber,
    TxnDate: txn.txnDate,
    CurrencyRef: currencyRef(txn.currency),
  };
  if (txn.privateNote !== undefined) json.PrivateNote = txn.privateNote;
  json.Line = linesJson(txn.lines, txn.subtotalCents, defaultTaxCode(company));
  json.TxnTaxDetail = { TotalTax: amount(txn.taxCents) };
  json.CustomerRef = { value: txn.customerId, name: customer?.displayName ?? '' };
  if (txn.customerMemo !== undefined) json.CustomerMemo = { value: txn.customerMemo };
  if (customer?.billAddr !== undefined) json.BillAddr = addressJson(customer.billAddr);
  Object.assign(json, middle);
  json.TotalAmt = amount(txn.totalCents);
  json.ApplyTaxAfterDiscount = false;
  json.PrintStatus = 'NotSet';
  json.EmailStatus = txn.emailStatus;
  if (txn.billEmail !== undefined) json.BillEmail = { Address: txn.billEmail };
  Object.assign(json, tail);
  return json;
}

export const salesTxnFields = {
  id: { kind: 'id' as const, get: (row: QboSalesTxnRecord) => row.id },
  customerref: { kind: 'id' as const, get: (row: QboSalesTxnRecord) => row.customerId },
  docnumber: { kind: 'string' as const, get: (row: QboSalesTxnRecord) => row.docNumber },
  txndate: { kind: 'date' as const, get: (row: QboSalesTxnRecord) => row.txnDate },
  totalamt: { kind: 'number' as const, get: (row: QboSalesTxnRecord) => row.totalCents / 100 },
};
