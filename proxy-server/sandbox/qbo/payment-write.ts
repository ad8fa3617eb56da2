import { z } from 'zod';
import type { FaultError } from './fault-json.js';
import { formatQboDate } from './qbo-time.js';
import type { QboCompanyData, QboInvoiceRecord, QboPaymentRecord } from './records.js';

/** Payment create: each Line applies an amount to a LinkedTxn invoice, lowering the invoice's and customer's Balance. */
export const paymentBody = z
  .object({
    CustomerRef: z.object({ value: z.string() }).loose(),
    TotalAmt: z.number().nonnegative(),
    TxnDate: z.string().regex(/^\d{4}-\d\d-\d\d$/).optional(),
    Line: z
      .array(
        z.object({ Amount: z.number().positive(), LinkedTxn: z.array(z.object({ TxnId: z.string(), TxnType: z.string() }).loose()).min(1) }).loose(),
      )
      .optional(),
  })
  .loose();

export type PaymentResult = { ok: true; payment: QboPaymentRecord; invoices: QboInvoiceRecord[] } | { ok: false; error: FaultError };

const toCents = (amount: number): number => Math.round(amount * 100);
const invalid = (detail: string, element = ''): PaymentResult => ({
  ok: false,
  error: { Message: 'Business Validation Error', Detail: detail, code: '6000', element },
});

export function createPayment(company: QboCompanyData, body: z.infer<typeof paymentBody>, now: number): PaymentResult {
  const customer = company.customer(body.CustomerRef.value);
  if (customer === undefined) {
    return { ok: false, error: { Message: 'Object Not Found', Detail: `Object Not Found : Customer ${body.CustomerRef.value}`, code: '610', element: 'CustomerRef' } };
  }
  const totalCents = toCents(body.TotalAmt);
  const applied: QboPaymentRecord['applied'] = [];
  for (const line of body.Line ?? []) {
    const link = line.LinkedTxn[0];
    const invoice = link === undefined || link.TxnType !== 'Invoice' ? undefined : company.invoice(link.TxnId);
    if (invoice === undefined || invoice.customerId !== customer.id) return invalid(`Invoice ${link?.TxnId ?? ''} is not an open invoice of this customer.`, 'LinkedTxn');
    const cents = toCents(line.Amount);
    const already = applied.filter((a) => a.invoiceId === invoice.id).reduce((sum, a) => sum + a.amountCents, 0);
    if (cents + already > invoice.balanceCents) return invalid(`The payment amount exceeds the open balance of invoice ${invoice.docNumber}.`, 'Line.Amount');
    applied.push({ invoiceId: invoice.id, amountCents: cents });
  }
  if (applied.reduce((sum, a) => sum + a.amountCents, 0) > totalCents) return invalid('The amount applied exceeds TotalAmt.', 'TotalAmt');

  const touched: QboInvoiceRecord[] = [];
  for (const { invoiceId, amountCents } of applied) {
    const invoice = company.invoice(invoiceId);
    if (invoice === undefined) continue;
    invoice.balanceCents -= amountCents;
    invoice.syncToken += 1;
    invoice.updatedAt = now;
    customer.balanceCents -= amountCents;
    if (!touched.includes(invoice)) touched.push(invoice);
  }
  const payment: QboPaymentRecord = {
    id: company.nextId(),
    syncToken: 0,
    customerId: customer.id,
    txnDate: body.TxnDate ?? formatQboDate(now),
    totalCents,
    currency: customer.currency,
    applied,
    createdAt: now,
    updatedAt: now,
  };
  company.addPayment(payment);
  return { ok: true, payment, invoices: touched };
}
