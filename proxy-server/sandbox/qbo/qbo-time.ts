/**
 * QBO writes timestamps in Pacific time with a numeric offset and no fraction in MetaData
 * ("2015-10-01T16:54:59-07:00", get__id__0.json) and with milliseconds in the envelope's `time`
 * ("2020-09-29T06:03:53.438-07:00"). The sandbox uses a fixed -07:00 offset (no DST) for every company.
 */
export const DAY_MS = 86_400_000;
const OFFSET_MINUTES = -7 * 60;
const OFFSET_TEXT = '-07:00';

function shifted(ms: number): string {
  return new Date(ms + OFFSET_MINUTES * 60_000).toISOString();
}

export function formatQboDateTime(ms: number): string {
  return `${shifted(ms).slice(0, 19)}${OFFSET_TEXT}`;
}

export function formatQboResponseTime(ms: number): string {
  return `${shifted(ms).slice(0, 23)}${OFFSET_TEXT}`;
}

const dateCache = new Map<number, string>();

/** A calendar date (TxnDate, DueDate) in the company's time zone. Memoised per day: seeding formats millions. */
export function formatQboDate(ms: number): string {
  const day = Math.floor((ms + OFFSET_MINUTES * 60_000) / DAY_MS);
  let text = dateCache.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dateCache.size < 100_000) dateCache.set(day, text);
  }
  return text;
}

/** Midnight at the start of a QBO calendar date, in epoch ms (for comparisons in queries). */
export function qboDateToMs(date: string): number {
  return Date.parse(`${date}T00:00:00${OFFSET_TEXT}`);
}

