import { sumDecimals } from '../model';
import type { LedgerDb } from '../db/schema';
import type { SummaryRow } from '../db/rows';
import type { CustomerQuery, SearchResult } from './customer-search';
import { toSearchRow, type SearchRow } from './search-index';
import { candidateOrder, matchRow, prepareQuery, toHit, type Candidate } from './search-filter';

type SummaryCollection = ReturnType<LedgerDb['summaries']['toCollection']>;

/**
 * The accounting search as it ran on IndexedDB before the in-memory index (issue #7 P7: ~850 ms at 100,000
 * customers). Not used by the extension: kept as the reference the unit tests compare searchCustomers with.
 * Same filters and order (lib/search/search-filter.ts); only where the candidates come from differs.
 */

/** Index ranges are on float approximations; widen them by a cent and re-check exactly. */
const EPS = 0.01;
const DAY = 86_400_000;

/**
 * Query plan: every filter that has an index proposes a candidate collection; each is counted (IndexedDB counts an
 * index range without reading records) and the smallest drives, so the most selective filter decides how many
 * summaries are read. With no indexable filter the derived summaries are scanned. Every filter is then checked
 * exactly on the candidates. No joins: summaries carry everything but period sales, which come from one range
 * read of the invoices' date index.
 */
export async function searchCustomersIndexedDb(db: LedgerDb, query: CustomerQuery, today: string): Promise<SearchResult> {
  const drivers: { plan: string; collection: () => SummaryCollection }[] = [];
  const s = db.summaries;
  if (query.balanceMin !== undefined || query.balanceMax !== undefined) {
    const lo = query.balanceMin !== undefined ? Number(query.balanceMin) - EPS : -Infinity;
    const hi = query.balanceMax !== undefined ? Number(query.balanceMax) + EPS : Infinity;
    drivers.push({ plan: 'balance', collection: () => s.where('balanceNum').between(lo, hi, true, true) });
  }
  if (query.daysOverdueMin !== undefined || query.overdueMin !== undefined) {
    const latestDue = isoDay(Date.parse(`${today}T00:00:00Z`) - DAY * Math.max(1, query.daysOverdueMin ?? 1));
    drivers.push({ plan: 'oldestOpenDue', collection: () => s.where('oldestOpenDue').between('0', latestDue, true, true) });
  }
  if (query.lastInvoiceAfter !== undefined || query.lastInvoiceBefore !== undefined) {
    const lo = query.lastInvoiceAfter ?? '0';
    const hi = query.lastInvoiceBefore ?? '9999-12-31';
    drivers.push({ plan: 'lastInvoiceDate', collection: () => s.where('lastInvoiceDate').between(lo, hi, true, true) });
  }
  if (query.currency) {
    const currency = query.currency;
    drivers.push({ plan: 'currency', collection: () => s.where('currency').equals(currency) });
  }

  let periodSales: Map<string, string> | null = null;
  if (query.salesPeriod) periodSales = await salesInPeriod(db, query.salesPeriod.from, query.salesPeriod.to);

  let plan = 'scan';
  let rows: SummaryRow[];
  const counts = await Promise.all(drivers.map((d) => d.collection().count()));
  let best = -1;
  counts.forEach((count, i) => {
    if (best < 0 || count < counts[best]!) best = i;
  });
  if (periodSales && (best < 0 || periodSales.size < counts[best]!)) {
    plan = 'invoices.date';
    rows = (await s.bulkGet([...periodSales.keys()])).filter((r): r is SummaryRow => r !== undefined);
  } else if (best >= 0) {
    plan = drivers[best]!.plan;
    rows = await drivers[best]!.collection().toArray();
  } else {
    rows = await s.toArray();
  }

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

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
