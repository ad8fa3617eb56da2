import { compareDecimals, sumDecimals } from '../model';
import { daysOverdue, overdueAmount } from '../db/ageing';
import type { Sale } from '../db/rows';
import type { SearchRow } from './search-index';
import type { CustomerHit, CustomerQuery, SortField } from './customer-search';

/** A summary that passed every filter, with its sales in the query's period. */
export interface Candidate {
  s: SearchRow;
  period: string | null;
  periodNum: number;
}

/** A query with what every row's check needs computed once. */
export interface PreparedQuery {
  query: CustomerQuery;
  text: string;
  balanceMinNum: number;
  balanceMaxNum: number;
  overdueMinNum: number;
  /** The period's minimum ('0', exclusive, when none). */
  salesMin: string;
  salesMinNum: number;
}

export function prepareQuery(query: CustomerQuery): PreparedQuery {
  return {
    query,
    text: query.text?.trim().toLowerCase() ?? '',
    balanceMinNum: Number(query.balanceMin ?? 0),
    balanceMaxNum: Number(query.balanceMax ?? 0),
    overdueMinNum: Number(query.overdueMin ?? 0),
    salesMin: query.salesPeriod?.min ?? '0',
    salesMinNum: Number(query.salesPeriod?.min ?? 0),
  };
}

/** Days overdue and the overdue amount on `today` (memoized on the row for that day). */
export function dayFigures(s: SearchRow, today: string): SearchRow {
  if (s.day !== today) {
    const row = s.row;
    s.late = daysOverdue(row.oldestOpenDue, today);
    s.overdue = row.oldestOpenDue && row.oldestOpenDue < today ? overdueAmount(row.openInvoices, today) : '0';
    s.overdueNum = Number(s.overdue);
    s.day = today;
  }
  return s;
}

/**
 * Exact decimal order with a float shortcut: when the floats differ by far more than their rounding error (and than
 * the 6-decimal truncation of compareDecimals), their order is the exact order; otherwise compareDecimals decides.
 * Sorting 100,000 summaries by BigInt-scaled compares alone costs more than the whole in-memory search.
 */
export function compareAmounts(a: string, an: number, b: string, bn: number): number {
  const d = an - bn;
  const margin = 1e-5 + Math.abs(an) * 1e-14;
  if (d > margin) return 1;
  if (d < -margin) return -1;
  return compareDecimals(a, b);
}

/** Exact sum of the sales dated from..to inclusive (what the invoices' date index answered before schema v3). */
export function salesBetween(sales: readonly Sale[], from: string, to: string): string | undefined {
  let totals: string[] | undefined;
  for (const sale of sales) if (sale.date >= from && sale.date <= to) (totals ??= []).push(sale.total);
  return totals && sumDecimals(totals);
}

/**
 * Every filter of the query, checked exactly on one summary; null when it does not match. `period` is the
 * customer's sales in query.salesPeriod ('0' when none), consulted only with a salesPeriod.
 */
export function matchRow(s: SearchRow, q: PreparedQuery, today: string, period: (s: SearchRow) => string): Candidate | null {
  const { query, text } = q;
  const row = s.row;
  if (query.provider && row.provider !== query.provider) return null;
  if (query.companyId && row.companyId !== query.companyId) return null;
  if (query.currency && row.currency !== query.currency) return null;
  if (text && !row.text.includes(text) && !row.key.endsWith(`:${text}`)) return null;
  if (query.balanceMin !== undefined && compareAmounts(row.balance, s.balanceNum, query.balanceMin, q.balanceMinNum) < 0) return null;
  if (query.balanceMax !== undefined && compareAmounts(row.balance, s.balanceNum, query.balanceMax, q.balanceMaxNum) > 0) return null;
  if (query.lastInvoiceAfter !== undefined && !(row.lastInvoiceDate && row.lastInvoiceDate >= query.lastInvoiceAfter)) return null;
  if (query.lastInvoiceBefore !== undefined && !(row.lastInvoiceDate && row.lastInvoiceDate <= query.lastInvoiceBefore)) return null;
  const { late, overdue, overdueNum } = dayFigures(s, today);
  if (query.daysOverdueMin !== undefined && late < query.daysOverdueMin) return null;
  if (query.overdueMin !== undefined && compareAmounts(overdue, overdueNum, query.overdueMin, q.overdueMinNum) < 0) return null;
  let sales: string | null = null;
  let salesNum = 0;
  if (query.salesPeriod) {
    sales = period(s);
    salesNum = Number(sales);
    const vsMin = compareAmounts(sales, salesNum, q.salesMin, q.salesMinNum);
    if (query.salesPeriod.min !== undefined ? vsMin < 0 : vsMin <= 0) return null;
  }
  return { s, period: sales, periodNum: salesNum };
}

export function toHit(c: Candidate, year: string): CustomerHit {
  const row = c.s.row;
  return {
    key: row.key,
    connectionId: row.connectionId,
    provider: row.provider,
    companyId: row.companyId,
    displayName: row.displayName,
    currency: row.currency,
    balance: row.balance,
    overdue: c.s.overdue,
    daysOverdue: c.s.late,
    lastInvoiceDate: row.lastInvoiceDate || null,
    lastPaymentDate: row.lastPaymentDate || null,
    lifetimeSales: row.lifetimeSales,
    thisYearSales: row.salesByYear[year] ?? '0',
    periodSales: c.period,
  };
}

export type CandidateOrder = (a: Candidate, b: Candidate) => number;

/** The result order: the sort field, then display name, then key (a total order, so every run agrees). */
export function candidateOrder(sort: { field: SortField; dir: 'asc' | 'desc' }): CandidateOrder {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byName = (a: Candidate, b: Candidate) => a.s.row.displayName.localeCompare(b.s.row.displayName);
  const pick: Record<SortField, CandidateOrder> = {
    name: byName,
    balance: (a, b) => compareAmounts(a.s.row.balance, a.s.balanceNum, b.s.row.balance, b.s.balanceNum),
    overdue: (a, b) => compareAmounts(a.s.overdue, a.s.overdueNum, b.s.overdue, b.s.overdueNum),
    daysOverdue: (a, b) => a.s.late - b.s.late,
    lastInvoiceDate: (a, b) => a.s.row.lastInvoiceDate.localeCompare(b.s.row.lastInvoiceDate),
    lifetimeSales: (a, b) => compareAmounts(a.s.row.lifetimeSales, a.s.lifetimeNum, b.s.row.lifetimeSales, b.s.lifetimeNum),
    periodSales: (a, b) => compareAmounts(a.period ?? '0', a.periodNum, b.period ?? '0', b.periodNum),
  };
  const primary = pick[sort.field];
  return (a, b) => sign * primary(a, b) || byName(a, b) || a.s.row.key.localeCompare(b.s.row.key);
}

/**
 * The first `k` of `items` in `order`, sorted: a bounded max-heap (worst kept on top), so 100,000 matches cost
 * ~one compare each instead of a full sort. Equal to items.sort(order).slice(0, k) as the order is total.
 */
export function topK<T>(items: readonly T[], k: number, order: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (items.length <= k) return [...items].sort(order);
  const heap: T[] = [];
  const down = (from: number) => {
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < heap.length && order(heap[l]!, heap[worst]!) > 0) worst = l;
      if (r < heap.length && order(heap[r]!, heap[worst]!) > 0) worst = r;
      if (worst === i) return;
      [heap[i], heap[worst]] = [heap[worst]!, heap[i]!];
      i = worst;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (order(heap[i]!, heap[parent]!) <= 0) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (order(item, heap[0]!) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(order);
}
