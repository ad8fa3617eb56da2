import { z } from 'zod';
import {
  CreditNoteSchema,
  EstimateSchema,
  InvoiceSchema,
  PaymentSchema,
  compareDecimals,
  type CreditNote,
  type Estimate,
  type Invoice,
  type Payment,
} from '../../../lib/model';
import {
  Amount,
  MetaData,
  QboDate,
  QboId,
  Ref,
  SalesLine,
  blankToNull,
  checked,
  decimal,
  isoTime,
  mapLines,
  skip,
  unreadable,
  type MapContext,
  type Mapped,
} from './map-common';

/** QBO sales transactions (Invoice, Estimate, CreditMemo) and Payment → lib/model. Pure; never throws. */
const SalesTxn = z
  .object({
    Id: QboId,
    DocNumber: z.string().optional(),
    TxnDate: QboDate,
    CustomerRef: Ref,
    CurrencyRef: Ref.optional(),
    TotalAmt: Amount.optional(),
    Line: z.array(SalesLine).optional(),
    PrivateNote: z.string().optional(),
    MetaData,
  })
  ;

const Invoice_ = SalesTxn.extend({ DueDate: QboDate.optional(), Balance: Amount.optional() });
const Estimate_ = SalesTxn.extend({ TxnStatus: z.string().optional(), ExpirationDate: QboDate.optional() });
const CreditMemo_ = SalesTxn.extend({ RemainingCredit: Amount.optional(), Balance: Amount.optional() });
const Payment_ = z
  .object({
    Id: QboId,
    TxnDate: QboDate,
    CustomerRef: Ref,
    CurrencyRef: Ref.optional(),
    TotalAmt: Amount.optional(),
    PaymentRefNum: z.string().optional(),
    Line: z
      .array(z.object({ Amount: Amount.optional(), LinkedTxn: z.array(z.object({ TxnId: QboId, TxnType: z.string().optional() })).optional() }))
      .optional(),
    MetaData,
  })
  ;

function common(entityLabel: string, t: z.infer<typeof SalesTxn>, ctx: MapContext) {
  const customerId = blankToNull(t.CustomerRef.value);
  const currency = blankToNull(t.CurrencyRef?.value)?.toUpperCase() ?? ctx.homeCurrency;
  const total = decimal(t.TotalAmt);
  const lines = mapLines(t.Line);
  if (!customerId) return { error: ['malformed', `${entityLabel} ${t.Id} names no customer.`] as const };
  if (!currency) return { error: ['currency_unsupported', `${entityLabel} ${t.Id} has no currency and the company's home currency is unknown.`] as const };
  if (total === null || lines === null) return { error: ['malformed', `${entityLabel} ${t.Id} has an amount that is not a number.`] as const };
  return {
    value: {
      provider: 'qbo' as const,
      companyId: ctx.companyId,
      connectionId: ctx.connectionId,
      id: t.Id,
      updatedAt: isoTime(t.MetaData?.LastUpdatedTime),
      customerId,
      number: blankToNull(t.DocNumber),
      currency,
      total,
      lines,
    },
  };
}

/** QBO has no draft invoices; a voided one keeps its row with zero amounts and "Voided" in PrivateNote. */
export function invoiceStatus(balance: string, total: string, privateNote: string | undefined): Invoice['status'] {
  if (/\bvoided\b/i.test(privateNote ?? '') && compareDecimals(total, '0') === 0) return 'void';
  return compareDecimals(balance, '0') > 0 ? 'open' : 'paid';
}

export function mapQboInvoice(raw: unknown, ctx: MapContext): Mapped<Invoice> {
  const parsed = Invoice_.safeParse(raw);
  if (!parsed.success) return unreadable('invoice', raw, parsed.error, 'an invoice');
  const t = parsed.data;
  const base = common('Invoice', t, ctx);
  if ('error' in base) return skip('invoice', t.Id, base.error[0], base.error[1]);
  const balance = decimal(t.Balance);
  if (balance === null) return skip('invoice', t.Id, 'malformed', `Invoice ${t.Id} has a balance that is not a number.`);
  const invoice: Invoice = {
    ...base.value,
    status: invoiceStatus(balance, base.value.total, t.PrivateNote),
    issueDate: t.TxnDate,
    dueDate: t.DueDate ?? null,
    balance,
    webUrl: ctx.deepLink('invoice', t.Id),
  };
  return checked('invoice', t.Id, InvoiceSchema, invoice, 'Invoice');
}

const ESTIMATE_STATUS: Record<string, Estimate['status']> = {
  pending: 'pending',
  accepted: 'accepted',
  closed: 'closed',
  rejected: 'declined',
  converted: 'closed',
};

export function mapQboEstimate(raw: unknown, ctx: MapContext): Mapped<Estimate> {
  const parsed = Estimate_.safeParse(raw);
  if (!parsed.success) return unreadable('estimate', raw, parsed.error, 'an estimate');
  const t = parsed.data;
  const base = common('Estimate', t, ctx);
  if ('error' in base) return skip('estimate', t.Id, base.error[0], base.error[1]);
  const estimate: Estimate = {
    ...base.value,
    status: ESTIMATE_STATUS[(t.TxnStatus ?? 'pending').toLowerCase()] ?? 'pending',
    issueDate: t.TxnDate,
    expiryDate: t.ExpirationDate ?? null,
    webUrl: ctx.deepLink('estimate', t.Id),
  };
  return checked('estimate', t.Id, EstimateSchema, estimate, 'Estimate');
}

export function mapQboCreditMemo(raw: unknown, ctx: MapContext): Mapped<CreditNote> {
  const parsed = CreditMemo_.safeParse(raw);
  if (!parsed.success) return unreadable('credit_note', raw, parsed.error, 'a credit memo');
  const t = parsed.data;
  const base = common('Credit memo', t, ctx);
  if ('error' in base) return skip('credit_note', t.Id, base.error[0], base.error[1]);
  const remaining = decimal(t.RemainingCredit ?? t.Balance);
  if (remaining === null) return skip('credit_note', t.Id, 'malformed', `Credit memo ${t.Id} has a remaining credit that is not a number.`);
  const note: CreditNote = {
    ...base.value,
    status: invoiceStatus(remaining, base.value.total, t.PrivateNote),
    date: t.TxnDate,
    remaining,
    webUrl: ctx.deepLink('credit_note', t.Id),
  };
  return checked('credit_note', t.Id, CreditNoteSchema, note, 'Credit memo');
}

/** appliedTo comes from Line[].LinkedTxn with TxnType Invoice (a payment line can also link credit memos). */
export function mapQboPayment(raw: unknown, ctx: MapContext): Mapped<Payment> {
  const parsed = Payment_.safeParse(raw);
  if (!parsed.success) return unreadable('payment', raw, parsed.error, 'a payment');
  const p = parsed.data;
  const customerId = blankToNull(p.CustomerRef.value);
  if (!customerId) return skip('payment', p.Id, 'malformed', `Payment ${p.Id} names no customer.`);
  const currency = blankToNull(p.CurrencyRef?.value)?.toUpperCase() ?? ctx.homeCurrency;
  if (!currency) return skip('payment', p.Id, 'currency_unsupported', `Payment ${p.Id} has no currency and the company's home currency is unknown.`);
  const amount = decimal(p.TotalAmt);
  if (amount === null) return skip('payment', p.Id, 'malformed', `Payment ${p.Id} has an amount that is not a number.`);
  const appliedTo: Payment['appliedTo'] = [];
  for (const line of p.Line ?? []) {
    const lineAmount = decimal(line.Amount);
    if (lineAmount === null) return skip('payment', p.Id, 'malformed', `Payment ${p.Id} has a line amount that is not a number.`);
    for (const link of line.LinkedTxn ?? []) {
      if ((link.TxnType ?? 'Invoice') === 'Invoice') appliedTo.push({ invoiceId: link.TxnId, amount: lineAmount });
    }
  }
  const payment: Payment = {
    provider: 'qbo',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: p.Id,
    updatedAt: isoTime(p.MetaData?.LastUpdatedTime),
    customerId,
    date: p.TxnDate,
    currency,
    amount,
    reference: blankToNull(p.PaymentRefNum),
    appliedTo,
    webUrl: ctx.deepLink('payment', p.Id),
  };
  return checked('payment', p.Id, PaymentSchema, payment, 'Payment');
}
