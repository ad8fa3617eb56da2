/**
 * Xero's JSON dates. Entity timestamps carry an explicit offset (`/Date(1503348544227+0000)/`, examples/getContacts.200.json)
 * while the envelope's DateTimeUTC has none (`/Date(1551399323399)/`); DateString fields are local ISO without a zone
 * (`2018-10-20T00:00:00`, examples/getInvoices.200.json).
 */
export function msDate(epochMs: number): string {
  return `/Date(${epochMs}+0000)/`;
}

export function msDateNoOffset(epochMs: number): string {
  return `/Date(${epochMs})/`;
}

export function dateString(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

/** `2018-11-02T16:31:30Z` (UpdatedDateUTCString in examples/getInvoices.200.json). */
export function utcSecondsString(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}

/** `2019-12-07T18:46:19.5165400` (createdDateUtc in xero-identity.yaml and recorded/test_get_connections.yaml). */
export function connectionDateString(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}0000`;
}

export const DAY_MS = 86_400_000;

export function startOfUtcDay(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

/**
 * Parses what clients send for dates: `2019-03-11`, `2019-03-11T00:00:00`, MS-JSON, or RFC 1123 (If-Modified-Since).
 * Strings without a zone are UTC, as Xero treats them; JavaScript would read them as local time.
 */
export function parseClientDate(value: string): number | undefined {
  const trimmed = value.trim();
  const msJson = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(trimmed);
  if (msJson) return Number(msJson[1]);
  const isoNoZone = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(trimmed);
  const parsed = Date.parse(isoNoZone ? `${trimmed.length === 10 ? `${trimmed}T00:00:00` : trimmed}Z` : trimmed);
  return Number.isNaN(parsed) ? undefined : parsed;
}
