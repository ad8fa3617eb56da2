import { z } from 'zod';
import { decimalFromNumber, type Line, type SkipReason } from '../../../lib/model';
import type { SkippedRecord, SyncEntity } from '../provider-client';

/**
 * Pieces shared by the QBO mappers (map-*.ts). QBO omits fields that have no value (api-facts.md §1 Query), so
 * nearly everything is optional; a record that still cannot be mapped becomes a SkippedRecord, never a throw.
 * The raw-record schemas strip unknown fields rather than pass them through: the mappers read only the declared
 * ones, and copying every other field of every record cost a fifth of the mapping time of an initial import
 * (issue 7's P3).
 */
export const Ref = z.object({ value: z.union([z.string(), z.number().transform(String)]).optional(), name: z.string().optional() });
export const QboId = z.union([z.string().min(1), z.number().transform(String)]);
export const Amount = z.union([z.number(), z.string()]);
export const QboDate = z.string().regex(/^\d{4}-\d{2}-\d{2}/).transform((d) => d.slice(0, 10));
export const MetaData = z.object({ LastUpdatedTime: z.string().optional() }).optional();

export interface MapContext {
  connectionId: string;
  companyId: string;
  /** Used when a record has no CurrencyRef (single-currency companies). */
  homeCurrency: string | null;
  /** Deep link into QBO's web app for a record of this entity. */
  deepLink(entity: SyncEntity, id: string): string | null;
}

export type Mapped<T> = { ok: true; record: T } | { ok: false; skipped: SkippedRecord };

export function blankToNull(value: string | undefined | null): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** A provider amount as an exact decimal string, or null when it is not a number. */
export function decimal(value: number | string | undefined, fallback: string | null = '0'): string | null {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return Number.isFinite(value) ? decimalFromNumber(value) : null;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? decimalFromNumber(Number(value.trim())) : null;
}

export function isoTime(value: string | undefined): string {
  const time = value ? Date.parse(value) : Number.NaN;
  // A stable fallback (not "now"): a changing value would give the record a new hash, and a new seq, on every sync.
  return new Date(Number.isNaN(time) ? 0 : time).toISOString();
}

export function rawId(raw: unknown): string | null {
  return raw && typeof raw === 'object' && 'Id' in raw && (typeof raw.Id === 'string' || typeof raw.Id === 'number') ? String(raw.Id) : null;
}

export function skip<T>(entity: SyncEntity, providerId: string | null, reason: SkipReason, message: string): Mapped<T> {
  return { ok: false, skipped: { entity, providerId, reason, message } };
}

export function unreadable<T>(entity: SyncEntity, raw: unknown, error: z.ZodError, label: string): Mapped<T> {
  const issue = error.issues[0];
  return skip(entity, rawId(raw), 'malformed', `QuickBooks sent ${label} we could not read (${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}).`);
}

/** Final check against the shared zod schema: what leaves the mapper is what the extension parses. */
export function checked<T>(entity: SyncEntity, id: string, schema: z.ZodType<T>, value: T, label: string): Mapped<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return { ok: true, record: parsed.data };
  const issue = parsed.error.issues[0];
  return skip(entity, id, 'provider_validation', `${label} ${id} failed validation (${issue?.path.join('.')}: ${issue?.message}).`);
}

export const SalesLine = z
  .object({
    Description: z.string().optional(),
    Amount: Amount.optional(),
    DetailType: z.string().optional(),
    SalesItemLineDetail: z
      .object({ ItemRef: Ref.optional(), Qty: Amount.optional(), UnitPrice: Amount.optional(), TaxCodeRef: Ref.optional() })
      
      .optional(),
  })
  ;

/** Item lines only: QBO appends a SubTotalLineDetail line (and discount/group lines) that are not items. */
export function mapLines(lines: readonly z.infer<typeof SalesLine>[] | undefined): Line[] | null {
  const out: Line[] = [];
  for (const line of lines ?? []) {
    if (line.DetailType !== 'SalesItemLineDetail' && line.DetailType !== 'DescriptionOnly') continue;
    const detail = line.SalesItemLineDetail;
    const amount = decimal(line.Amount);
    const quantity = decimal(detail?.Qty, null);
    const unitPrice = decimal(detail?.UnitPrice, null);
    if (amount === null) return null;
    out.push({
      description: blankToNull(line.Description),
      itemId: blankToNull(detail?.ItemRef?.value),
      itemName: blankToNull(detail?.ItemRef?.name),
      quantity,
      unitPrice,
      amount,
      taxCode: blankToNull(detail?.TaxCodeRef?.value),
    });
  }
  return out;
}
