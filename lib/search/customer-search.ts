import type { Provider } from '../model';
import type { LedgerDb } from '../db/schema';
import { searchRows, type SearchRow } from './search-index';
import { candidateOrder, matchRow, prepareQuery, salesBetween, toHit, topK, type Candidate } from './search-filter';

/** The accounting search (options page and side panel). Every filter is optional; amounts are decimal strings. */
export interface CustomerQuery {
  /** Name, company or email contains; or exactly a provider id. */
  text?: string;
  balanceMin?: string;
  balanceMax?: string;
  overdueMin?: string;
  daysOverdueMin?: number;
  lastInvoiceAfter?: string;
  lastInvoiceBefore?: string;
  /** Invoiced (open or paid) between from and to inclusive, at least `min` (default: anything above 0). */
  salesPeriod?: { from: string; to: string; min?: string };
  currency?: string;
  provider?: Provider;
  companyId?: string;
  sort?: { field: SortField; dir: 'asc' | 'desc' };
  limit?: number;
}

export type SortField = 'name' | 'balance' | 'overdue' | 'daysOverdue' | 'lastInvoiceDate' | 'lifetimeSales' | 'periodSales';

export interface CustomerHit {
  key: string;
  connectionId: string;
  provider: Provider;
  companyId: string;
  displayName: string;
  currency: string;
  balance: string;
  overdue: string;
  daysOverdue: number;
  lastInvoiceDate: string | null;
  lastPaymentDate: string | null;
  lifetimeSales: string;
  thisYearSales: string;
  /** Sales in the query's period; null without salesPeriod. */
  periodSales: string | null;
}

export interface SearchResult {
  hits: CustomerHit[];
  /** Matches before `limit`. */
  total: number;
  /** Which index drove the query (for the bench and for tests of the plan). */
  plan: string;
}

/**
 * The search runs in memory over the summaries (lib/search/search-index.ts: built by the first search with one
 * toArray(), then kept current by every committed write to summaries). Every filter is checked exactly on every
 * summary (decimal compares, with a float shortcut only where it cannot change the answer); sales in a period come
 * from the summaries' `sales`; the first `limit` are picked by a bounded heap. At 100,000 customers a search scans
 * them in tens of ms, where the IndexedDB plan (lib/search/customer-search-idb.ts, kept as the reference the tests
 * compare with) read thousands of records per search.
 */
export async function searchCustomers(db: LedgerDb, query: CustomerQuery, today: string): Promise<SearchResult> {
  const rows = await searchRows(db);
  const prepared = prepareQuery(query);
  const from = query.salesPeriod?.from ?? '';
  const to = query.salesPeriod?.to ?? '';
  const period = (s: SearchRow) => salesBetween(s.sales, from, to) ?? '0';
  const matches: Candidate[] = [];
  for (const s of rows) {
    const c = matchRow(s, prepared, today, period);
    if (c) matches.push(c);
  }
  const year = today.slice(0, 4);
  const top = topK(matches, query.limit ?? 500, candidateOrder(query.sort ?? { field: 'name', dir: 'asc' }));
  return { hits: top.map((c) => toHit(c, year)), total: matches.length, plan: 'memory' };
}

export const SEARCH_CSV_HEADER = [
  'Customer', 'Provider', 'Company', 'Currency', 'Balance', 'Overdue', 'Days overdue', 'Last invoice', 'Last payment',
  'Lifetime sales', 'This year sales', 'Period sales',
] as const;

export function searchCsvRows(hits: readonly CustomerHit[]): (string | number | null)[][] {
  return hits.map((h) => [
    h.displayName, h.provider, h.companyId, h.currency, h.balance, h.overdue, h.daysOverdue, h.lastInvoiceDate,
    h.lastPaymentDate, h.lifetimeSales, h.thisYearSales, h.periodSales,
  ]);
}
