import { z } from 'zod';
import { InvoiceSchema, type Invoice } from '../../../lib/model';
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

/** Xero Invoice JSON (examples/getInvoices.200.json). Only sales invoices (ACCREC) are ours; bills are ignored. */
const XeroInvoice = z
  .object({
    InvoiceID: z.string().min(1),
    Type: z.string(),
    InvoiceNumber: z.string().nullish(),
    Contact: XeroContactRef,
    Date: z.string().nullish(),
    DateString: z.string().nullish(),
    DueDate: z.string().nullish(),
    DueDateString: z.string().nullish(),
    Status: z.string(),
    LineAmountTypes: z.string().nullish(),
    LineItems: z.array(XeroLineItem).nullish(),
    Total: XeroAmount,
    AmountDue: XeroAmount.nullish(),
    CurrencyCode: z.string().nullish(),
    UpdatedDateUTC: z.string().nullish(),
  })
  .passthrough();

/** SUBMITTED is "awaiting approval": not yet sent, nothing owed yet, so it reads as a draft. */
const STATUS: Record<string, Invoice['status']> = {
  DRAFT: 'draft',
  SUBMITTED: 'draft',
  AUTHORISED: 'open',
  PAID: 'paid',
  VOIDED: 'void',
};

export function mapXeroInvoice(raw: unknown, ctx: XeroMapContext): MapOutcome<Invoice> {
  const id = rawId(raw, 'InvoiceID');
  const parsed = XeroInvoice.safeParse(raw);
  if (!parsed.success) return skip('invoice', id, 'malformed', `Xero sent an invoice we could not read (${issueText(parsed.error)}).`);
  const inv = parsed.data;
  if (inv.Type.toUpperCase() !== 'ACCREC') return { kind: 'ignored' };
  const statusCode = inv.Status.toUpperCase();
  if (statusCode === 'DELETED') return { kind: 'deleted', id: inv.InvoiceID };
  const status = STATUS[statusCode];
  if (!status) return skip('invoice', inv.InvoiceID, 'malformed', `Invoice ${inv.InvoiceID} has a status we do not know (${inv.Status}).`);
  const currency = currencyOf(inv.CurrencyCode ?? undefined, ctx);
  if (!currency) return skip('invoice', inv.InvoiceID, 'currency_unsupported', `Invoice ${inv.InvoiceID} has no currency and the organisation's base currency is unknown.`);
  const issueDate = dateOnlyFromXero(inv.DateString, inv.Date);
  if (!issueDate) return skip('invoice', inv.InvoiceID, 'malformed', `Invoice ${inv.InvoiceID} has no readable date.`);
  const lines = mapLines(inv.LineItems, inv.LineAmountTypes);
  if (!lines) return skip('invoice', inv.InvoiceID, 'malformed', `Invoice ${inv.InvoiceID} has a line without an amount.`);
  const candidate: Invoice = {
    provider: 'xero',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: inv.InvoiceID,
    updatedAt: isoFromXero(inv.UpdatedDateUTC) ?? new Date(0).toISOString(),
    customerId: inv.Contact.ContactID,
    number: blankToNull(inv.InvoiceNumber),
    status,
    issueDate,
    dueDate: dateOnlyFromXero(inv.DueDateString, inv.DueDate),
    currency,
    total: amount(inv.Total),
    // Drafts and voided invoices report AmountDue too; what is "still due" on them is what Xero says.
    balance: amount(inv.AmountDue ?? (status === 'paid' || status === 'void' ? 0 : inv.Total)),
    lines,
    webUrl: ctx.deepLink('invoice', inv.InvoiceID),
  };
  const checked = InvoiceSchema.safeParse(candidate);
  if (!checked.success) return skip('invoice', inv.InvoiceID, 'provider_validation', `Invoice ${inv.InvoiceID} failed validation (${issueText(checked.error)}).`);
  return { kind: 'record', record: checked.data };
}
