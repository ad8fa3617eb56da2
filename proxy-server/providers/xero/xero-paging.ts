import { z } from 'zod';
import { ProviderError, type ApiAuth } from '../provider-client';
import type { XeroGet } from './xero-api';
import { parseXeroDate } from './xero-dates';
import type { XeroRateLimit } from './xero-rate-limit';

/** Xero's documented page size when none is asked for (and the only one Quotes know). */
export const XERO_DEFAULT_PAGE_SIZE = 100;

export interface RawPage {
  page: number;
  records: unknown[];
  rateLimit: XeroRateLimit | null;
  /** The envelope's DateTimeUTC: Xero's clock when it answered (the next If-Modified-Since checkpoint). */
  serverTime: number | null;
}

export interface PagingRequest {
  resource: string;
  /** The envelope's collection key, e.g. "Contacts". */
  collection: string;
  /** Asked page size; null = do not send pageSize (the endpoint does not take it). Undefined = unpaged endpoint. */
  pageSize?: number | null;
  query?: Record<string, string | number | boolean | undefined>;
  modifiedSince?: Date | number | null | undefined;
  signal?: AbortSignal | undefined;
  /** First page to read (a resumed import); 1 by default. */
  startPage?: number | undefined;
}

const Pagination = z.object({ page: z.number(), pageSize: z.number(), pageCount: z.number(), itemCount: z.number() }).partial();

/**
 * Pages read ahead once the first page's pagination block says how many there are. Xero allows 5 calls of one
 * organisation in flight (api-facts.md §2 "Rate limits"), and counts a call until its (large) body is sent while the
 * limiter frees its slot at the headers: 3 ahead (4 in flight at most) keeps a slot for that and for webhooks and
 * actions. The company limiter still caps calls per minute (at this pace the import meets the minute window; see
 * bench/p3's notes on the 429s that still happen at its edge). Read one after the other, an import waited for every page's round trip and
 * processing in turn and took nearly twice what 60 calls a minute allow (issue 7's P3).
 */
export const XERO_PAGES_AHEAD = 3;

interface Fetched {
  page: number;
  body: unknown;
  rateLimit: XeroRateLimit | null;
}

/**
 * Walks `page=1,2,…`. Without `page` Xero returns everything at once and, for invoices and credit notes, without line
 * items (api-facts.md §2), so paged endpoints are always paged. The pagination block, when present, decides the end
 * and lets the next pages be read ahead (yielded in order, so a stored resume page always has every earlier page
 * written); otherwise a page shorter than the page size is the last (the server may cap pageSize, so its own answer
 * wins) and pages are read one at a time.
 */
export async function* xeroPages(getJson: XeroGet, auth: ApiAuth, request: PagingRequest, pagesAhead = XERO_PAGES_AHEAD): AsyncGenerator<RawPage> {
  const paged = request.pageSize !== undefined;
  const fetchPage = async (page: number): Promise<Fetched> => {
    const query = { ...request.query, ...(paged ? { page } : {}), ...(request.pageSize ? { pageSize: request.pageSize } : {}) };
    const { body, rateLimit } = await getJson(auth, request.resource, { query, modifiedSince: request.modifiedSince, signal: request.signal });
    return { page, body, rateLimit };
  };
  const ahead = new Map<number, Promise<Fetched>>();
  for (let page = Math.max(1, request.startPage ?? 1); ; page += 1) {
    const pending = ahead.get(page) ?? fetchPage(page);
    ahead.delete(page);
    const { body, rateLimit } = await pending;
    if (body === null) return; // 304 Not Modified: nothing changed since modifiedSince
    const envelope = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const records = envelope[request.collection];
    if (!Array.isArray(records)) throw new ProviderError('malformed_response', `Xero sent an unexpected ${request.collection} response.`);
    const raw: RawPage = { page, records, rateLimit, serverTime: parseXeroDate(envelope['DateTimeUTC']) };
    if (!paged) {
      yield raw;
      return;
    }
    const pagination = Pagination.safeParse(envelope['pagination']);
    const info = pagination.success ? pagination.data : {};
    if (info.pageCount !== undefined) {
      const last = Math.min(info.pageCount, page + Math.max(0, pagesAhead));
      for (let next = page + 1; next <= last; next += 1) {
        if (ahead.has(next)) continue;
        const read = fetchPage(next);
        read.catch(() => undefined); // awaited in order; one abandoned (the caller stopped) must not go unhandled
        ahead.set(next, read);
      }
      yield raw;
      if (page >= info.pageCount) return;
      continue;
    }
    yield raw;
    const size = info.pageSize ?? request.pageSize ?? XERO_DEFAULT_PAGE_SIZE;
    if (records.length < size) return;
  }
}
