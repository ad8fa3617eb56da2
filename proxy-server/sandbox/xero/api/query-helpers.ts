import { type Context } from 'hono';
import { parseClientDate } from '../support/ms-date';
import { parseWhere, WhereParseError, type WherePredicate } from './where-filter';

/** `If-Modified-Since` as RFC 1123 or ISO (zone-less = UTC). Records modified at or after it are returned. */
export function ifModifiedSince(c: Context): number | undefined {
  const header = c.req.header('if-modified-since');
  return header ? parseClientDate(header) : undefined;
}

export function queryFlag(c: Context, name: string): boolean {
  return (c.req.query(name) ?? '').toLowerCase() === 'true';
}

/** Comma-separated list parameters (IDs, ContactIDs, Statuses); repeated parameters are accepted too. */
export function queryList(c: Context, name: string): string[] | undefined {
  const values = c.req.queries(name);
  if (!values) return undefined;
  return values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}

/** Xero's parse errors for `where`: 400 with ErrorNumber 16, QueryParseException. */
export function whereOrError(
  c: Context,
  knownFields?: ReadonlySet<string>,
): { predicate?: WherePredicate } | { response: Response } {
  const source = c.req.query('where');
  if (source === undefined || source.trim() === '') return {};
  try {
    return { predicate: parseWhere(source, knownFields) };
  } catch (error) {
    if (!(error instanceof WhereParseError)) throw error;
    return {
      response: c.json({ ErrorNumber: 16, Type: 'QueryParseException', Message: error.message }, 400),
    };
  }
}

/** `order=Name DESC` / `UpdatedDateUTC` on one field of the wire record. */
export function orderBy(c: Context): ((a: Record<string, unknown>, b: Record<string, unknown>) => number) | undefined {
  const order = c.req.query('order')?.trim();
  if (!order) return undefined;
  const [field = '', direction = 'ASC'] = order.split(/\s+/);
  const sign = direction.toUpperCase() === 'DESC' ? -1 : 1;
  const value = (record: Record<string, unknown>) => {
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === field.toLowerCase());
    const raw = key === undefined ? undefined : record[key];
    if (typeof raw === 'string') {
      const date = /^\/Date\((-?\d+)/.exec(raw);
      return date ? Number(date[1]) : raw.toLowerCase();
    }
    return typeof raw === 'number' || typeof raw === 'boolean' ? Number(raw) : '';
  };
  return (a, b) => {
    const left = value(a);
    const right = value(b);
    return left < right ? -sign : left > right ? sign : 0;
  };
}

export async function readJsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    return undefined;
  }
}

/** Xero accepts `{ "Contacts": [ … ] }`, a bare array, or one bare entity. */
export function collectionFromBody(body: unknown, key: string): Record<string, unknown>[] | undefined {
  const asRecords = (items: unknown[]) =>
    items.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item))
      ? (items as Record<string, unknown>[])
      : undefined;
  if (Array.isArray(body)) return asRecords(body);
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const collection = record[key];
  if (Array.isArray(collection)) return asRecords(collection);
  return [record];
}

export function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' ? value : undefined;
}
