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
 * Walks `page=1,2,…`. Without `page` Xero returns everything at once and, for invoices and credit notes, without line
 * items (api-facts.md §2), so paged endpoints are always paged. The pagination block, when present, decides the end;
 * otherwise a page shorter than the page size is the last (the server may cap pageSize, so its own answer wins).
 */
export async function* xeroPages(getJson: XeroGet, auth: ApiAuth, request: PagingRequest): AsyncGenerator<RawPage> {
  const paged = request.pageSize !== undefined;
  for (let page = Math.max(1, request.startPage ?? 1); ; page += 1) {
    const query = { ...request.query, ...(paged ? { page } : {}), ...(request.pageSize ? { pageSize: request.pageSize } : {}) };
    const { body, rateLimit } = await getJson(auth, request.resource, {
      query,
      modifiedSince: request.modifiedSince,
      signal: request.signal,
    });
    if (body === null) return; // 304 Not Modified: nothing changed since modifiedSince
    const envelope = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
    const records = envelope[request.collection];
    if (!Array.isArray(records)) throw new ProviderError('malformed_response', `Xero sent an unexpected ${request.collection} response.`);
    yield { page, records, rateLimit, serverTime: parseXeroDate(envelope['DateTimeUTC']) };
    if (!paged) return;
    const pagination = Pagination.safeParse(envelope['pagination']);
    const info = pagination.success ? pagination.data : {};
    if (info.pageCount !== undefined) {
      if (page >= info.pageCount) return;
      continue;
    }
    const size = info.pageSize ?? request.pageSize ?? XERO_DEFAULT_PAGE_SIZE;
    if (records.length < size) return;
  }
}
