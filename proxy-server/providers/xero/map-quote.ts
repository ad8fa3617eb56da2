import { z } from 'zod';
import { EstimateSchema, type Estimate } from '../../../lib/model';
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

/** Xero Quote JSON (xero_accounting.yaml Quote) → Estimate. Quotes spell LineAmountTypes in capitals (EXCLUSIVE…). */
const XeroQuote = z
  .object({
    QuoteID: z.string().min(1),
    QuoteNumber: z.string().nullish(),
    Contact: XeroContactRef,
    Date: z.string().nullish(),
    DateString: z.string().nullish(),
    ExpiryDate: z.string().nullish(),
    ExpiryDateString: z.string().nullish(),
    Status: z.string(),
    LineAmountTypes: z.string().nullish(),
    LineItems: z.array(XeroLineItem).nullish(),
    Total: XeroAmount,
    CurrencyCode: z.string().nullish(),
    UpdatedDateUTC: z.string().nullish(),
  })
  .passthrough();

/** INVOICED = the quote became an invoice: closed. Xero has no "expired" status (expiry is a date, not a state). */
const STATUS: Record<string, Estimate['status']> = {
  DRAFT: 'draft',
  SENT: 'pending',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  INVOICED: 'closed',
};

export function mapXeroQuote(raw: unknown, ctx: XeroMapContext): MapOutcome<Estimate> {
  const id = rawId(raw, 'QuoteID');
  const parsed = XeroQuote.safeParse(raw);
  if (!parsed.success) return skip('estimate', id, 'malformed', `Xero sent a quote we could not read (${issueText(parsed.error)}).`);
  const q = parsed.data;
  const statusCode = q.Status.toUpperCase();
  if (statusCode === 'DELETED') return { kind: 'deleted', id: q.QuoteID };
  const status = STATUS[statusCode];
  if (!status) return skip('estimate', q.QuoteID, 'malformed', `Quote ${q.QuoteID} has a status we do not know (${q.Status}).`);
  const currency = currencyOf(q.CurrencyCode ?? undefined, ctx);
  if (!currency) return skip('estimate', q.QuoteID, 'currency_unsupported', `Quote ${q.QuoteID} has no currency and the organisation's base currency is unknown.`);
  const issueDate = dateOnlyFromXero(q.DateString, q.Date);
  if (!issueDate) return skip('estimate', q.QuoteID, 'malformed', `Quote ${q.QuoteID} has no readable date.`);
  const lines = mapLines(q.LineItems, q.LineAmountTypes);
  if (!lines) return skip('estimate', q.QuoteID, 'malformed', `Quote ${q.QuoteID} has a line without an amount.`);
  const candidate: Estimate = {
    provider: 'xero',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: q.QuoteID,
    updatedAt: isoFromXero(q.UpdatedDateUTC) ?? new Date(0).toISOString(),
    customerId: q.Contact.ContactID,
    number: blankToNull(q.QuoteNumber),
    status,
    issueDate,
    expiryDate: dateOnlyFromXero(q.ExpiryDateString, q.ExpiryDate),
    currency,
    total: amount(q.Total),
    lines,
    webUrl: ctx.deepLink('estimate', q.QuoteID),
  };
  const checked = EstimateSchema.safeParse(candidate);
  if (!checked.success) return skip('estimate', q.QuoteID, 'provider_validation', `Quote ${q.QuoteID} failed validation (${issueText(checked.error)}).`);
  return { kind: 'record', record: checked.data };
}
