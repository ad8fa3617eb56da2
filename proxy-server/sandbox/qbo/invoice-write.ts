import { z } from 'zod';
import { business, bump, checkUpdate, date, required } from './entities/common.js';
import { newSalesTxn, salesTxnKeys, updateSalesTxn } from './entities/sales-txn.js';
import type { FaultError } from './fault-json.js';
import { DAY_MS, formatQboDate, qboDateToMs } from './qbo-time.js';
import type { QboCompanyData, QboInvoiceRecord } from './records.js';

/**
 * Invoice create and sparse update (create__invoice__0.json), void (void__invoice__1.json: amounts zeroed,
 * PrivateNote "Voided", SyncToken + 1) and send (EmailStatus EmailSent). Every change to an invoice's Balance moves
 * its customer's Balance by the same cents, so customer Balance = open invoices − unapplied credit holds.
 */
export const invoiceBody = z.object({ ...salesTxnKeys, DueDate: date.optional() }).loose();
export type InvoiceBody = z.infer<typeof invoiceBody>;

type Result = { ok: true; invoice: QboInvoiceRecord; created: boolean } | { ok: false; error: FaultError };

export function writeInvoice(company: QboCompanyData, body: InvoiceBody, now: number): Result {
  if (body.Id === undefined) {
    const base = newSalesTxn(company, body, now);
    if (!base.ok) return base;
    const txn = base.txn;
    const invoice: QboInvoiceRecord = {
      id: txn.id,
      syncToken: 0,
      docNumber: txn.docNumber,
      customerId: txn.customerId,
      txnDate: txn.txnDate,
      // Net 30 from the transaction date, as the recording's default terms give (2020-09-29 → 2020-10-29).
      dueDate: body.DueDate ?? formatQboDate(qboDateToMs(txn.txnDate) + 30 * DAY_MS + DAY_MS / 2),
      lines: txn.lines,
      totalCents: txn.totalCents,
      balanceCents: txn.totalCents,
      currency: txn.currency,
      emailStatus: txn.emailStatus,
      taxCents: txn.taxCents,
      createdAt: now,
      updatedAt: now,
    };
    if (txn.billEmail !== undefined) invoice.billEmail = txn.billEmail;
    if (txn.privateNote !== undefined) invoice.privateNote = txn.privateNote;
    if (txn.customerMemo !== undefined) invoice.customerMemo = txn.customerMemo;
    company.addInvoice(invoice);
    const customer = company.customer(invoice.customerId);
    if (customer !== undefined) customer.balanceCents += invoice.balanceCents;
    return { ok: true, invoice, created: true };
  }
  const check = checkUpdate('Invoice', company.invoice(body.Id), body);
  if (!check.ok) return check;
  const invoice = check.row;
  if (invoice.voided === true) return { ok: false, error: business('You cannot change a voided transaction.') };
  if (body.CustomerRef !== undefined && body.CustomerRef.value !== invoice.customerId) {
    return { ok: false, error: business('The sandbox does not move an invoice to another customer.', 'CustomerRef') };
  }
  const paidCents = invoice.totalCents - invoice.balanceCents;
  const txn = {
    ...invoice, subtotalCents: invoice.totalCents - (invoice.taxCents ?? 0), taxCents: invoice.taxCents ?? 0,
  };
  const error = updateSalesTxn(company, txn, body);
  if (error !== undefined) return { ok: false, error };
  if (txn.totalCents < paidCents) return { ok: false, error: business('The invoice total cannot be less than the payments already applied.', 'Line') };
  const newBalance = txn.totalCents - paidCents;
  const customer = company.customer(invoice.customerId);
  if (customer !== undefined) customer.balanceCents += newBalance - invoice.balanceCents;
  invoice.lines = txn.lines;
  invoice.totalCents = txn.totalCents;
  invoice.taxCents = txn.taxCents;
  invoice.balanceCents = newBalance;
  invoice.txnDate = txn.txnDate;
  invoice.docNumber = txn.docNumber;
  invoice.emailStatus = txn.emailStatus;
  if (txn.billEmail !== undefined) invoice.billEmail = txn.billEmail;
  if (txn.privateNote !== undefined) invoice.privateNote = txn.privateNote;
  if (txn.customerMemo !== undefined) invoice.customerMemo = txn.customerMemo;
  if (body.DueDate !== undefined) invoice.dueDate = body.DueDate;
  bump(invoice, now);
  return { ok: true, invoice, created: false };
}

export const idAndToken = z.object({ Id: z.string(), SyncToken: z.string() }).loose();

/** operation=void: the invoice stays, with every amount 0; its open balance leaves the customer's. */
export function voidInvoice(company: QboCompanyData, body: z.infer<typeof idAndToken>, now: number): Result {
  const check = checkUpdate('Invoice', company.invoice(body.Id), body);
  if (!check.ok) return check;
  const invoice = check.row;
  const customer = company.customer(invoice.customerId);
  if (customer !== undefined) customer.balanceCents -= invoice.balanceCents;
  invoice.lines = invoice.lines.map((line) => ({ ...line, amountCents: 0 }));
  invoice.totalCents = 0;
  invoice.taxCents = 0;
  invoice.balanceCents = 0;
  invoice.voided = true;
  invoice.privateNote = 'Voided';
  bump(invoice, now);
  return { ok: true, invoice, created: false };
}

/** `/invoice/{id}/send[?sendTo=]`: emails the invoice; sendTo replaces BillEmail. */
export function sendInvoice(company: QboCompanyData, id: string, sendTo: string | undefined, now: number): Result {
  const invoice = company.invoice(id);
  if (invoice === undefined) return checkUpdate('Invoice', undefined, { Id: id }) as Result;
  const email = sendTo ?? invoice.billEmail;
  if (email === undefined || !/^[^@\s]+@[^@\s]+$/.test(email.split(',')[0]?.trim() ?? '')) {
    return { ok: false, error: email === undefined ? required('BillEmail') : business(`Invalid email address: ${email}`, 'sendTo') };
  }
  invoice.billEmail = email;
  invoice.emailStatus = 'EmailSent';
  invoice.sentAt = now;
  bump(invoice, now);
  return { ok: true, invoice, created: false };
}
