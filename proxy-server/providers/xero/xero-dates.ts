/**
 * Xero's JSON dates. Entity timestamps are MS-JSON (`/Date(1503348544227+0000)/`, examples/getContacts.200.json): the
 * number is UTC epoch milliseconds and the offset only says which zone it was written in. Calendar dates come both as
 * MS-JSON midnight UTC (`Date`) and as zone-less ISO (`DateString: "2018-10-20T00:00:00"`).
 */
const MS_JSON = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;
const ZONELESS_ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/;

/** Epoch ms of a Xero date (MS-JSON, ISO with or without zone; zone-less = UTC as Xero means it), or null. */
export function parseXeroDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  const ms = MS_JSON.exec(trimmed);
  if (ms) return Number(ms[1]);
  if (ZONELESS_ISO.test(trimmed)) {
    const parsed = Date.parse(`${trimmed.length === 10 ? `${trimmed}T00:00:00` : trimmed}Z`);
    return Number.isNaN(parsed) ? null : parsed;
  }
  const parsed = Date.parse(trimmed);
  return Number.isNaN(parsed) ? null : parsed;
}

/** ISO 8601 timestamp, or null when unreadable. */
export function isoFromXero(value: unknown): string | null {
  const epoch = parseXeroDate(value);
  return epoch === null ? null : new Date(epoch).toISOString();
}

/**
 * YYYY-MM-DD. The zone-less DateString is the date as the organisation wrote it, so it wins; otherwise the MS-JSON
 * value is midnight UTC of that date, so its UTC calendar day is the date.
 */
export function dateOnlyFromXero(dateString: unknown, msJson: unknown): string | null {
  if (typeof dateString === 'string' && /^\d{4}-\d{2}-\d{2}/.test(dateString.trim())) {
    const day = dateString.trim().slice(0, 10);
    if (!Number.isNaN(Date.parse(`${day}T00:00:00Z`))) return day;
  }
  const epoch = parseXeroDate(msJson);
  return epoch === null ? null : new Date(epoch).toISOString().slice(0, 10);
}

/**
 * The If-Modified-Since value, in the form Xero's docs show (`2009-11-12T00:00:00`, UTC). Floored to the second:
 * re-reading a record modified in the same second is harmless, missing one is not.
 */
export function ifModifiedSinceHeader(since: Date | number): string {
  const epoch = typeof since === 'number' ? since : since.getTime();
  return new Date(Math.floor(epoch / 1000) * 1000).toISOString().slice(0, 19);
}
