import { compareDecimals, sumDecimals, type Provider } from '../model';
import type { LedgerDb } from '../db/schema';
import type { SummaryRow } from '../db/rows';
import { daysOverdue, overdueAmount } from '../db/ageing';

type SummaryCollection = ReturnType<LedgerDb['summaries']['toCollection']>;

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
export async function searchCustomers(db: LedgerDb, query: CustomerQuery, today: string): Promise<SearchResult> {
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

  const text = query.text?.trim().toLowerCase() ?? '';
  const year = today.slice(0, 4);
  const hits: CustomerHit[] = [];
  for (const row of rows) {
    if (query.provider && row.provider !== query.provider) continue;
    if (query.companyId && row.companyId !== query.companyId) continue;
    if (query.currency && row.currency !== query.currency) continue;
    if (text && !row.text.includes(text) && !row.key.endsWith(`:${text}`)) continue;
    if (query.balanceMin !== undefined && compareDecimals(row.balance, query.balanceMin) < 0) continue;
    if (query.balanceMax !== undefined && compareDecimals(row.balance, query.balanceMax) > 0) continue;
    if (query.lastInvoiceAfter !== undefined && !(row.lastInvoiceDate && row.lastInvoiceDate >= query.lastInvoiceAfter)) continue;
    if (query.lastInvoiceBefore !== undefined && !(row.lastInvoiceDate && row.lastInvoiceDate <= query.lastInvoiceBefore)) continue;
    const late = daysOverdue(row.oldestOpenDue, today);
    if (query.daysOverdueMin !== undefined && late < query.daysOverdueMin) continue;
    const overdue = row.oldestOpenDue && row.oldestOpenDue < today ? overdueAmount(row.openInvoices, today) : '0';
    if (query.overdueMin !== undefined && compareDecimals(overdue, query.overdueMin) < 0) continue;
    let period: string | null = null;
    if (periodSales && query.salesPeriod) {
      period = periodSales.get(row.key) ?? '0';
      const min = query.salesPeriod.min;
      if (min !== undefined ? compareDecimals(period, min) < 0 : compareDecimals(period, '0') <= 0) continue;
    }
    hits.push({
      key: row.key,
      connectionId: row.connectionId,
      provider: row.provider,
      companyId: row.companyId,
      displayName: row.displayName,
      currency: row.currency,
      balance: row.balance,
      overdue,
      daysOverdue: late,
      lastInvoiceDate: row.lastInvoiceDate || null,
      lastPaymentDate: row.lastPaymentDate || null,
      lifetimeSales: row.lifetimeSales,
      thisYearSales: row.salesByYear[year] ?? '0',
      periodSales: period,
    });
  }
  hits.sort(comparator(query.sort ?? { field: 'name', dir: 'asc' }));
  return { hits: hits.slice(0, query.limit ?? 500), total: hits.length, plan };
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

function comparator(sort: { field: SortField; dir: 'asc' | 'desc' }): (a: CustomerHit, b: CustomerHit) => number {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byName = (a: CustomerHit, b: CustomerHit) => a.displayName.localeCompare(b.displayName);
  const pick: Record<SortField, (a: CustomerHit, b: CustomerHit) => number> = {
    name: byName,
    balance: (a, b) => compareDecimals(a.balance, b.balance),
    overdue: (a, b) => compareDecimals(a.overdue, b.overdue),
    daysOverdue: (a, b) => a.daysOverdue - b.daysOverdue,
    lastInvoiceDate: (a, b) => (a.lastInvoiceDate ?? '').localeCompare(b.lastInvoiceDate ?? ''),
    lifetimeSales: (a, b) => compareDecimals(a.lifetimeSales, b.lifetimeSales),
    periodSales: (a, b) => compareDecimals(a.periodSales ?? '0', b.periodSales ?? '0'),
  };
  const primary = pick[sort.field];
  return (a, b) => sign * primary(a, b) || byName(a, b) || a.key.localeCompare(b.key);
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
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
