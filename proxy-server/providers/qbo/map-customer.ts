import { z } from 'zod';
import { CustomerSchema, decimalFromNumber, type Address, type Customer } from '../../../lib/model';
import type { SkipReason } from '../../../lib/model';
import type { SkippedRecord } from '../provider-client';

/**
 * QBO Customer JSON → the normalized Customer. QBO omits fields without values (api-facts.md §1 Query), so almost
 * everything is optional here; a record that still cannot be mapped is skipped with a reason, never a crash.
 */
const Ref = z.object({ value: z.string() }).partial();
const QboAddress = z
  .object({
    Line1: z.string(),
    Line2: z.string(),
    City: z.string(),
    CountrySubDivisionCode: z.string(),
    PostalCode: z.string(),
    Country: z.string(),
  })
  .partial()
  ;

const QboCustomer = z
  .object({
    Id: z.union([z.string().min(1), z.number().transform(String)]),
    DisplayName: z.string().optional(),
    GivenName: z.string().optional(),
    FamilyName: z.string().optional(),
    CompanyName: z.string().optional(),
    FullyQualifiedName: z.string().optional(),
    PrimaryEmailAddr: z.object({ Address: z.string().optional() }).optional(),
    PrimaryPhone: z.object({ FreeFormNumber: z.string().optional() }).optional(),
    Mobile: z.object({ FreeFormNumber: z.string().optional() }).optional(),
    BillAddr: QboAddress.optional(),
    ShipAddr: QboAddress.optional(),
    Balance: z.union([z.number(), z.string()]).optional(),
    CurrencyRef: Ref.optional(),
    Active: z.boolean().optional(),
    ParentRef: Ref.optional(),
    MetaData: z.object({ LastUpdatedTime: z.string().optional() }).optional(),
  })
  ;

export interface MapContext {
  connectionId: string;
  companyId: string;
  /** Used when a record has no CurrencyRef (single-currency companies). */
  homeCurrency: string | null;
  deepLink(id: string): string;
}

export type MapResult = { ok: true; customer: Customer } | { ok: false; skipped: SkippedRecord };

/** QBO stores several addresses in one field, separated by commas (and users type semicolons). */
export function splitEmails(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(/[,;]/)
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
}

function blankToNull(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

function mapAddress(addr: z.infer<typeof QboAddress> | undefined): Address | null {
  if (!addr) return null;
  const address: Address = {
    line1: blankToNull(addr.Line1),
    line2: blankToNull(addr.Line2),
    city: blankToNull(addr.City),
    region: blankToNull(addr.CountrySubDivisionCode),
    postalCode: blankToNull(addr.PostalCode),
    country: blankToNull(addr.Country),
  };
  return Object.values(address).some((v) => v !== null) ? address : null;
}

function mapBalance(value: number | string | undefined): string | null {
  if (value === undefined) return '0';
  if (typeof value === 'number') return Number.isFinite(value) ? decimalFromNumber(value) : null;
  return /^-?\d+(\.\d+)?$/.test(value.trim()) ? decimalFromNumber(Number(value.trim())) : null;
}

function isoTime(value: string | undefined): string {
  const time = value ? Date.parse(value) : Number.NaN;
  // A stable fallback (not "now"): a changing value would give the record a new hash, and a new seq, on every sync.
  return new Date(Number.isNaN(time) ? 0 : time).toISOString();
}

export function mapQboCustomer(raw: unknown, ctx: MapContext): MapResult {
  const providerId =
    raw && typeof raw === 'object' && 'Id' in raw && (typeof raw.Id === 'string' || typeof raw.Id === 'number')
      ? String(raw.Id)
      : null;
  const skip = (reason: SkipReason, message: string): MapResult => ({
    ok: false,
    skipped: { entity: 'customer', providerId, reason, message },
  });
  const parsed = QboCustomer.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return skip('malformed', `QuickBooks sent a customer we could not read (${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}).`);
  }
  const c = parsed.data;
  const givenName = blankToNull(c.GivenName);
  const familyName = blankToNull(c.FamilyName);
  const companyName = blankToNull(c.CompanyName);
  const displayName =
    blankToNull(c.DisplayName) ??
    blankToNull(c.FullyQualifiedName) ??
    companyName ??
    ([givenName, familyName].filter(Boolean).join(' ') || null);
  const currency = blankToNull(c.CurrencyRef?.value)?.toUpperCase() ?? ctx.homeCurrency;
  if (!currency) {
    return skip('currency_unsupported', `Customer ${c.Id} has no currency and the company's home currency is unknown.`);
  }
  const balance = mapBalance(c.Balance);
  if (balance === null) return skip('malformed', `Customer ${c.Id} has a balance that is not a number.`);
  // A display name alone is enough to show and match (QBO requires one); only a record with no name at all is skipped.
  if (displayName === null) {
    return skip('no_name', `Customer ${c.Id} has no company name and no last name, so it cannot be matched to a CRM record.`);
  }

  const customer: Customer = {
    provider: 'qbo',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: c.Id,
    displayName,
    companyName,
    givenName,
    familyName,
    emails: splitEmails(c.PrimaryEmailAddr?.Address),
    phone: blankToNull(c.PrimaryPhone?.FreeFormNumber) ?? blankToNull(c.Mobile?.FreeFormNumber),
    billingAddress: mapAddress(c.BillAddr),
    shippingAddress: mapAddress(c.ShipAddr),
    currency,
    balance,
    overdue: null,
    active: c.Active ?? true,
    parentId: blankToNull(c.ParentRef?.value),
    updatedAt: isoTime(c.MetaData?.LastUpdatedTime),
    webUrl: ctx.deepLink(c.Id),
  };
  const checked = CustomerSchema.safeParse(customer);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return skip('provider_validation', `Customer ${c.Id} failed validation (${issue?.path.join('.')}: ${issue?.message}).`);
  }
  return { ok: true, customer: checked.data };
}
