import { sumDecimals } from '../model';
import type { LedgerDb } from '../db/schema';
import type { CustomerQuery, SearchResult } from './customer-search';
import { toSearchRow, type SearchRow } from './search-index';
import { readAllSummaries } from '../db/stored-summaries';
import { candidateOrder, matchRow, prepareQuery, toHit, type Candidate } from './search-filter';

/**
 * The accounting search straight from IndexedDB, as it ran before the in-memory index (issue #7 P7: ~850 ms at
 * 100,000 customers). Not used by the extension: kept as the reference the unit tests compare searchCustomers with.
 * Same filters and order (lib/search/search-filter.ts); what differs is where rows and period sales come from.
 *
 * Reads every summary, stored or derived (lib/db/stored-summaries.ts; the summaries' search indexes are gone since schema v3: the extension searches in memory) and
 * takes period sales from a range read of the invoices' date index, an independent source for the summaries' `sales`
 * lists. Every filter is then checked exactly, the matches fully sorted.
 */
export async function searchCustomersIndexedDb(db: LedgerDb, query: CustomerQuery, today: string): Promise<SearchResult> {
  const periodSales = query.salesPeriod ? await salesInPeriod(db, query.salesPeriod.from, query.salesPeriod.to) : null;
  const { summaries: rows } = await db.transaction('r', db.summaries, db.customerChunks, () => readAllSummaries(db));
  const plan = 'scan';
  const prepared = prepareQuery(query);
  const year = today.slice(0, 4);
  const period = (s: SearchRow) => periodSales?.get(s.row.key) ?? '0';
  const matches: Candidate[] = [];
  for (const row of rows) {
    const c = matchRow(toSearchRow(row), prepared, today, period);
    if (c) matches.push(c);
  }
  const sorted = matches.sort(candidateOrder(query.sort ?? { field: 'name', dir: 'asc' }));
  return { hits: sorted.slice(0, query.limit ?? 500).map((c) => toHit(c, year)), total: matches.length, plan };
}

async function salesInPeriod(db: LedgerDb, from: string, to: string): Promise<Map<string, string>> {
  const totals = new Map<string, string[]>();
  await db.invoices
    .where('date')
    .between(from, to, true, true)
    .each((row) => {
      if (row.status !== 'open' && row.status !== 'paid') return;
      const list = totals.get(row.customerKey);
      if (list) list.push(row.data.total);
      else totals.set(row.customerKey, [row.data.total]);
    });
  return new Map([...totals].map(([key, list]) => [key, sumDecimals(list)]));
}
