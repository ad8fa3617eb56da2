import { z } from 'zod';
import { PaymentSchema, type Payment } from '../../../lib/model';
import { dateOnlyFromXero, isoFromXero } from './xero-dates';
import { XeroAmount, amount, blankToNull, currencyOf, issueText, rawId, skip, type MapOutcome, type XeroMapContext } from './xero-map-common';

/**
 * Xero Payment JSON (examples/getPayments.200.json): one payment applies to one invoice (or credit note), and the
 * customer is that document's Contact. Supplier payments (ACCPAYPAYMENT, …) are not ours.
 */
const XeroPayment = z
  .object({
    PaymentID: z.string().min(1),
    Date: z.string().nullish(),
    Amount: XeroAmount,
    Reference: z.string().nullish(),
    PaymentType: z.string().nullish(),
    Status: z.string().nullish(),
    UpdatedDateUTC: z.string().nullish(),
    Invoice: z
      .object({
        InvoiceID: z.string().min(1),
        Type: z.string().nullish(),
        CurrencyCode: z.string().nullish(),
        Contact: z.object({ ContactID: z.string().min(1) }).passthrough(),
      })
      .passthrough(),
  })
  .passthrough();

export function mapXeroPayment(raw: unknown, ctx: XeroMapContext): MapOutcome<Payment> {
  const id = rawId(raw, 'PaymentID');
  const parsed = XeroPayment.safeParse(raw);
  if (!parsed.success) return skip('payment', id, 'malformed', `Xero sent a payment we could not read (${issueText(parsed.error)}).`);
  const p = parsed.data;
  const type = (p.PaymentType ?? (p.Invoice.Type?.toUpperCase() === 'ACCREC' ? 'ACCRECPAYMENT' : '')).toUpperCase();
  if (type !== 'ACCRECPAYMENT') return { kind: 'ignored' };
  if ((p.Status ?? '').toUpperCase() === 'DELETED') return { kind: 'deleted', id: p.PaymentID };
  const currency = currencyOf(p.Invoice.CurrencyCode ?? undefined, ctx);
  if (!currency) return skip('payment', p.PaymentID, 'currency_unsupported', `Payment ${p.PaymentID} has no currency and the organisation's base currency is unknown.`);
  const date = dateOnlyFromXero(undefined, p.Date);
  if (!date) return skip('payment', p.PaymentID, 'malformed', `Payment ${p.PaymentID} has no readable date.`);
  const paid = amount(p.Amount);
  const candidate: Payment = {
    provider: 'xero',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: p.PaymentID,
    updatedAt: isoFromXero(p.UpdatedDateUTC) ?? new Date(0).toISOString(),
    customerId: p.Invoice.Contact.ContactID,
    date,
    currency,
    amount: paid,
    reference: blankToNull(p.Reference),
    appliedTo: [{ invoiceId: p.Invoice.InvoiceID, amount: paid }],
    // Xero's payment view needs the bank account context; the invoice link is where users look for it.
    webUrl: ctx.deepLink('invoice', p.Invoice.InvoiceID),
  };
  const checked = PaymentSchema.safeParse(candidate);
  if (!checked.success) return skip('payment', p.PaymentID, 'provider_validation', `Payment ${p.PaymentID} failed validation (${issueText(checked.error)}).`);
  return { kind: 'record', record: checked.data };
}
