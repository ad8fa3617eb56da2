import { z } from 'zod';
import { decimalFromNumber, fromScaled, toScaled, type Decimal, type Line, type SkipReason } from '../../../lib/model';
import type { XeroLinkEntity } from './xero-links';

/** Entities the Xero readers produce; a skipped record names one of them. */
export type XeroEntity = 'customer' | 'vendor' | 'invoice' | 'estimate' | 'payment' | 'credit_note' | 'item';

/** ProviderClient's SkippedRecord, widened from 'customer' to every entity the Xero readers map. */
export interface XeroSkippedRecord {
  entity: XeroEntity;
  providerId: string | null;
  reason: SkipReason;
  message: string;
}

/** What every mapper needs besides the record: where it came from and how to link to it. */
export interface XeroMapContext {
  connectionId: string;
  /** The tenantId. */
  companyId: string;
  /** Organisation.BaseCurrency: the currency of records that name none (single-currency organisations). */
  baseCurrency: string | null;
  deepLink(entity: XeroLinkEntity, id: string): string;
}

/**
 * One record's fate: mapped, deleted at Xero (DELETED/GDPR statuses: the caller tombstones it), not ours to import
 * (bills, supplier payments — not an error, so not in the sync log), or skipped with a reason.
 */
export type MapOutcome<T> =
  | { kind: 'record'; record: T }
  | { kind: 'deleted'; id: string }
  | { kind: 'ignored' }
  | { kind: 'skipped'; skipped: XeroSkippedRecord };

/** Amounts arrive as JSON numbers, occasionally as strings (BatchPayment.TotalAmount "50.00" in getPayments.200.json). */
export const XeroAmount = z.union([z.number().finite(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);

export function amount(value: number): Decimal {
  return decimalFromNumber(value);
}

export function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** A GUID-ish id read off an unparsed record, so even a malformed record is named in the sync log. */
export function rawId(raw: unknown, key: string): string | null {
  if (!raw || typeof raw !== 'object') return null;
  const value = (raw as Record<string, unknown>)[key];
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

export function skip<T>(entity: XeroEntity, providerId: string | null, reason: SkipReason, message: string): MapOutcome<T> {
  return { kind: 'skipped', skipped: { entity, providerId, reason, message } };
}

/** The first zod issue as "path: message", for sync-log messages. */
export function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`;
}

export function currencyOf(code: string | undefined, ctx: XeroMapContext): string | null {
  const value = blankToNull(code)?.toUpperCase() ?? ctx.baseCurrency;
  return value && /^[A-Z]{3}$/.test(value) ? value : null;
}

export const XeroLineItem = z
  .object({
    LineItemID: z.string().optional(),
    Description: z.string().nullish(),
    Quantity: XeroAmount.nullish(),
    UnitAmount: XeroAmount.nullish(),
    LineAmount: XeroAmount.nullish(),
    TaxAmount: XeroAmount.nullish(),
    TaxType: z.string().nullish(),
    ItemCode: z.string().nullish(),
    Item: z.object({ ItemID: z.string().optional(), Name: z.string().optional(), Code: z.string().optional() }).passthrough().nullish(),
  })
  .passthrough();

/**
 * Xero lines → Line. `amount` is before tax: with LineAmountTypes "Inclusive" Xero's LineAmount includes the tax,
 * so the line's TaxAmount is taken off (exactly, in scaled integers). A line without a LineAmount has no amount we
 * could show without multiplying floats, so the document is treated as unreadable (null).
 */
export function mapLines(lines: z.infer<typeof XeroLineItem>[] | null | undefined, lineAmountTypes: string | null | undefined): Line[] | null {
  const inclusive = (lineAmountTypes ?? '').toLowerCase() === 'inclusive';
  const mapped: Line[] = [];
  for (const line of lines ?? []) {
    if (line.LineAmount === null || line.LineAmount === undefined) {
      // Description-only lines (headings) have neither quantity nor amount; they carry no money.
      if (line.Quantity == null && line.UnitAmount == null) {
        mapped.push({ description: blankToNull(line.Description), itemId: null, itemName: null, quantity: null, unitPrice: null, amount: '0', taxCode: null });
        continue;
      }
      return null;
    }
    let lineAmount = amount(line.LineAmount);
    if (inclusive && line.TaxAmount != null) {
      lineAmount = fromScaled(toScaled(lineAmount, 6) - toScaled(amount(line.TaxAmount), 6), 6);
    }
    mapped.push({
      description: blankToNull(line.Description),
      itemId: blankToNull(line.Item?.ItemID),
      itemName: blankToNull(line.Item?.Name) ?? blankToNull(line.ItemCode) ?? blankToNull(line.Item?.Code),
      quantity: line.Quantity == null ? null : amount(line.Quantity),
      unitPrice: line.UnitAmount == null ? null : amount(line.UnitAmount),
      amount: lineAmount,
      taxCode: blankToNull(line.TaxType),
    });
  }
  return mapped;
}

export const XeroContactRef = z.object({ ContactID: z.string().min(1), Name: z.string().optional() }).passthrough();
