import { ProviderError } from '../provider-client';

/**
 * Xero's limit headers (api-facts.md §2 "Rate limits"): on every response X-MinLimit-Remaining, X-DayLimit-Remaining,
 * X-AppMinLimit-Remaining; on a 429 also Retry-After (seconds; hours for the daily limit) and X-Rate-Limit-Problem
 * (minute, day, concurrent, appminute). The per-company limiter (../limiter.ts) already waits out short 429s; what
 * reaches the caller is typed here so the sync can record it and schedule the next run.
 */
export interface XeroRateLimit {
  minuteRemaining: number | null;
  dayRemaining: number | null;
  appMinuteRemaining: number | null;
}

export type XeroRateLimitProblem = 'minute' | 'day' | 'concurrent' | 'appminute' | 'unknown';

function count(headers: Headers, name: string): number | null {
  const value = headers.get(name);
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/** Null when the response carries none of the headers (e.g. the identity endpoints). */
export function readRateLimit(headers: Headers): XeroRateLimit | null {
  const info = {
    minuteRemaining: count(headers, 'x-minlimit-remaining'),
    dayRemaining: count(headers, 'x-daylimit-remaining'),
    appMinuteRemaining: count(headers, 'x-appminlimit-remaining'),
  };
  return Object.values(info).some((v) => v !== null) ? info : null;
}

export function readProblem(headers: Headers): XeroRateLimitProblem {
  const value = headers.get('x-rate-limit-problem')?.trim().toLowerCase();
  return value === 'minute' || value === 'day' || value === 'concurrent' || value === 'appminute' ? value : 'unknown';
}

/** Retry-After in seconds (delta or HTTP date); 60 when absent or unreadable, Xero's minute window. */
export function readRetryAfterSeconds(headers: Headers, now: number): number {
  const header = headers.get('retry-after');
  if (header) {
    const seconds = Number(header);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
    const date = Date.parse(header);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - now) / 1000));
  }
  return 60;
}

const PROBLEM_TEXT: Record<XeroRateLimitProblem, string> = {
  minute: 'the 60 calls a minute for this organisation are spent',
  day: "this organisation's daily API budget is spent",
  concurrent: 'too many calls for this organisation are running at once',
  appminute: "this app's calls per minute across all organisations are spent",
  unknown: 'Xero is rate limiting this organisation',
};

/** A 429 the limiter did not (or could not, e.g. hours for the day limit) wait out. kind = 'rate_limited'. */
export class XeroRateLimitError extends ProviderError {
  override name = 'XeroRateLimitError';
  constructor(
    readonly problem: XeroRateLimitProblem,
    retryAfterSeconds: number,
    readonly limits: XeroRateLimit | null,
  ) {
    super('rate_limited', `Xero: ${PROBLEM_TEXT[problem]}; the sync resumes in ${retryAfterSeconds} s.`, retryAfterSeconds);
  }
}

export function rateLimitErrorFrom(response: Response, now: number): XeroRateLimitError {
  return new XeroRateLimitError(readProblem(response.headers), readRetryAfterSeconds(response.headers, now), readRateLimit(response.headers));
}
