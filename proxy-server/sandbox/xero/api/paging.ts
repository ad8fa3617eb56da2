import { type Pagination } from './envelope';

export type Paging = { paged: false } | { paged: true; page: number; pageSize: number };

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/**
 * `page` turns paging on (100 per page; `pageSize` up to 1,000, api-facts.md section 2). Without `page` Xero returns
 * every record and no pagination block, which is why a client syncing a large organisation must always page.
 */
export function parsePaging(query: Record<string, string>): Paging {
  const rawPage = query['page'];
  if (rawPage === undefined) return { paged: false };
  const page = Math.max(1, Number.parseInt(rawPage, 10) || 1);
  const requested = Number.parseInt(query['pageSize'] ?? '', 10);
  const pageSize = Number.isFinite(requested) && requested > 0 ? Math.min(requested, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
  return { paged: true, page, pageSize };
}

/** A page past the end is an empty list with the same pagination block (README "Contract facts"). */
export function applyPaging<T>(items: readonly T[], paging: Paging): { items: T[]; pagination?: Pagination } {
  if (!paging.paged) return { items: [...items] };
  const start = (paging.page - 1) * paging.pageSize;
  return {
    items: items.slice(start, start + paging.pageSize),
    pagination: {
      page: paging.page,
      pageSize: paging.pageSize,
      pageCount: Math.ceil(items.length / paging.pageSize),
      itemCount: items.length,
    },
  };
}

/** Paging over positions 0..size-1 without listing them all: the unfiltered list of a million invoices. */
export function pageOfRange(size: number, paging: Paging): { items: number[]; pagination?: Pagination } {
  const start = paging.paged ? (paging.page - 1) * paging.pageSize : 0;
  const end = paging.paged ? Math.min(size, start + paging.pageSize) : size;
  const items: number[] = [];
  for (let position = start; position < end; position += 1) items.push(position);
  if (!paging.paged) return { items };
  return { items, pagination: { page: paging.page, pageSize: paging.pageSize, pageCount: Math.ceil(size / paging.pageSize), itemCount: size } };
}
