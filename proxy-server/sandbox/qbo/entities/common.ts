import { z } from 'zod';
import { currencyName } from '../currencies.js';
import type { FaultError } from '../fault-json.js';
import { formatQboDateTime } from '../qbo-time.js';
import type { QueryField } from '../query-entities.js';

/** Shared pieces of the entity modules: refs, metadata, the standard Fault errors, SyncToken checks. */
type Json = Record<string, unknown>;

export const ref = z.object({ value: z.string().min(1), name: z.string().optional() }).loose();
export const date = z.string().regex(/^\d{4}-\d\d-\d\d$/);
export const address = z
  .object({ Line1: z.string().optional(), City: z.string().optional(), CountrySubDivisionCode: z.string().optional(), PostalCode: z.string().optional(), Country: z.string().optional() })
  .loose();
export const updateKeys = { Id: z.string().optional(), SyncToken: z.string().optional(), sparse: z.boolean().optional() };

export const toCents = (amount: number): number => Math.round(amount * 100);
export const amount = (cents: number): number => cents / 100;

export function metaJson(row: { createdAt: number; updatedAt: number }): Json {
  return { CreateTime: formatQboDateTime(row.createdAt), LastUpdatedTime: formatQboDateTime(row.updatedAt) };
}

export function currencyRef(code: string): Json {
  return { value: code, name: currencyName(code) };
}

export const metaFields = <Row extends { createdAt: number; updatedAt: number }>(): Record<string, QueryField<Row>> => ({
  'metadata.createtime': { kind: 'datetime', get: (row) => formatQboDateTime(row.createdAt) },
  'metadata.lastupdatedtime': { kind: 'datetime', get: (row) => formatQboDateTime(row.updatedAt) },
});

export const notFound = (entity: string, id: string, element = ''): FaultError => ({
  Message: 'Object Not Found',
  Detail: `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${entity} ${id})`,
  code: '610',
  element,
});

export const stale = (syncToken: number): FaultError => ({
  Message: 'Stale Object Error',
  Detail: `Stale Object Error : You and another user were working on the same thing. The other user finished before you did, so your work was not saved. (SyncToken ${syncToken})`,
  code: '5010',
  element: '',
});

export const required = (field: string): FaultError => ({
  Message: 'Required param missing, need to supply the required value for the API',
  Detail: `Required parameter ${field} is missing in the request`,
  code: '2020',
  element: field,
});

export const business = (detail: string, element = ''): FaultError => ({
  Message: 'A business validation error has occurred while processing your request',
  Detail: `Business Validation Error: ${detail}`,
  code: '6000',
  element,
});

/** 6240 as xml-fixtures/customer_duplicate_error.xml words it; QBO names the kind of record that holds the name. */
export const duplicateName = (name: string): FaultError => ({
  Message: 'Duplicate Name Exists Error',
  Detail: `The name supplied already exists. : Another customer, vendor or employee is already using this name (${name}). Please use a different name.`,
  code: '6240',
  element: '',
});

/** Update precondition: the row exists and the client's SyncToken is current (else 610 / 5010). */
export function checkUpdate<Row extends { syncToken: number }>(
  entity: string,
  row: Row | undefined,
  body: { Id?: string | undefined; SyncToken?: string | undefined },
): { ok: true; row: Row } | { ok: false; error: FaultError } {
  if (row === undefined) return { ok: false, error: notFound(entity, body.Id ?? '') };
  if (body.SyncToken !== String(row.syncToken)) return { ok: false, error: stale(row.syncToken) };
  return { ok: true, row };
}

/** Marks an update: SyncToken + 1, LastUpdatedTime now. */
export function bump(row: { syncToken: number; updatedAt: number }, now: number): void {
  row.syncToken += 1;
  row.updatedAt = now;
}

/**
 * Sets an optional field from the body; on a full (non-sparse) update a missing field is cleared, as QBO does.
 * exactOptionalPropertyTypes forbids assigning undefined, hence delete.
 */
export function assignOptional<Row extends object, K extends keyof Row>(row: Row, key: K, value: Row[K] | undefined, clearWhenMissing: boolean): void {
  if (value !== undefined) row[key] = value;
  else if (clearWhenMissing) delete row[key];
}
