import { z } from 'zod';
import { CreditNoteSchema, type CreditNote } from '../../../lib/model';
import { dateOnlyFromXero, isoFromXero } from './xero-dates';
import {
  XeroAmount,
  XeroContactRef,
  XeroLineItem,
  amount,
  blankToNull,
  currencyOf,
  issueText,
  mapLines,
  rawId,
  skip,
  type MapOutcome,
  type XeroMapContext,
} from './xero-map-common';

/** Xero CreditNote JSON (examples/getCreditNotes.200.json). Only customer credit (ACCRECCREDIT) is ours. */
const XeroCreditNote = z
  .object({
    CreditNoteID: z.string().min(1),
    CreditNoteNumber: z.string().nullish(),
    Type: z.string(),
    Contact: XeroContactRef,
    Date: z.string().nullish(),
    DateString: z.string().nullish(),
    Status: z.string(),
    LineAmountTypes: z.string().nullish(),
    LineItems: z.array(XeroLineItem).nullish(),
    Total: XeroAmount,
    RemainingCredit: XeroAmount.nullish(),
    CurrencyCode: z.string().nullish(),
    UpdatedDateUTC: z.string().nullish(),
  })
  .passthrough();

/** PAID on a credit note = fully allocated or refunded. */
const STATUS: Record<string, CreditNote['status']> = {
  DRAFT: 'draft',
  SUBMITTED: 'draft',
  AUTHORISED: 'open',
  PAID: 'paid',
  VOIDED: 'void',
};

export function mapXeroCreditNote(raw: unknown, ctx: XeroMapContext): MapOutcome<CreditNote> {
  const id = rawId(raw, 'CreditNoteID');
  const parsed = XeroCreditNote.safeParse(raw);
  if (!parsed.success) return skip('credit_note', id, 'malformed', `Xero sent a credit note we could not read (${issueText(parsed.error)}).`);
  const cn = parsed.data;
  if (cn.Type.toUpperCase() !== 'ACCRECCREDIT') return { kind: 'ignored' };
  const statusCode = cn.Status.toUpperCase();
  if (statusCode === 'DELETED') return { kind: 'deleted', id: cn.CreditNoteID };
  const status = STATUS[statusCode];
  if (!status) return skip('credit_note', cn.CreditNoteID, 'malformed', `Credit note ${cn.CreditNoteID} has a status we do not know (${cn.Status}).`);
  const currency = currencyOf(cn.CurrencyCode ?? undefined, ctx);
  if (!currency) return skip('credit_note', cn.CreditNoteID, 'currency_unsupported', `Credit note ${cn.CreditNoteID} has no currency and the organisation's base currency is unknown.`);
  const date = dateOnlyFromXero(cn.DateString, cn.Date);
  if (!date) return skip('credit_note', cn.CreditNoteID, 'malformed', `Credit note ${cn.CreditNoteID} has no readable date.`);
  const lines = mapLines(cn.LineItems, cn.LineAmountTypes);
  if (!lines) return skip('credit_note', cn.CreditNoteID, 'malformed', `Credit note ${cn.CreditNoteID} has a line without an amount.`);
  const candidate: CreditNote = {
    provider: 'xero',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: cn.CreditNoteID,
    updatedAt: isoFromXero(cn.UpdatedDateUTC) ?? new Date(0).toISOString(),
    customerId: cn.Contact.ContactID,
    number: blankToNull(cn.CreditNoteNumber),
    status,
    date,
    currency,
    total: amount(cn.Total),
    remaining: amount(cn.RemainingCredit ?? (status === 'open' ? cn.Total : 0)),
    lines,
    webUrl: ctx.deepLink('credit_note', cn.CreditNoteID),
  };
  const checked = CreditNoteSchema.safeParse(candidate);
  if (!checked.success) return skip('credit_note', cn.CreditNoteID, 'provider_validation', `Credit note ${cn.CreditNoteID} failed validation (${issueText(checked.error)}).`);
  return { kind: 'record', record: checked.data };
}
