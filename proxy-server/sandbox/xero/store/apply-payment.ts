import { newGuid } from '../support/guid';
import { type InvoiceRecord, type PaymentRecord } from './model';
import { addPayment, amountDueCents, type TenantStore } from './tenant-store';

export type PaymentOutcome = { ok: true; payment: PaymentRecord } | { ok: false; message: string };

/**
 * Applies a payment to an approved invoice: AmountPaid/AmountDue change, the invoice turns PAID when settled and its
 * UpdatedDateUTC moves; the contact record is not touched, so its Balances change without its UpdatedDateUTC moving
 * (api-facts.md section 2, If-Modified-Since gotcha). Shared by PUT /Payments and the web app's "record payment".
 */
export function applyPayment(
  store: TenantStore,
  invoice: InvoiceRecord,
  input: { amountCents: number; date: number; reference: string; now: number },
): PaymentOutcome {
  if (invoice.status !== 'AUTHORISED') return { ok: false, message: 'Payments can only be made against Authorised documents' };
  if (input.amountCents <= 0) return { ok: false, message: 'The payment amount must be greater than zero' };
  if (input.amountCents > amountDueCents(invoice)) {
    return { ok: false, message: 'Payment amount exceeds the amount outstanding on this document' };
  }
  const payment: PaymentRecord = {
    paymentId: newGuid(),
    invoiceId: invoice.invoiceId,
    date: input.date,
    amountCents: input.amountCents,
    currencyRate: invoice.currencyRate,
    reference: input.reference,
    accountId: store.bankAccount.accountId,
    accountCode: store.bankAccount.code,
    status: 'AUTHORISED',
    updatedAt: input.now,
  };
  addPayment(store, payment);
  store.invoices.edit(invoice, (stored) => {
    stored.paidCents += input.amountCents;
    stored.paymentIds.push(payment.paymentId);
    if (amountDueCents(stored) === 0) {
      stored.status = 'PAID';
      stored.fullyPaidOn = input.date;
    }
    stored.updatedAt = input.now;
  });
  return { ok: true, payment };
}
