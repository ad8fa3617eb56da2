import type { QboCompanyData } from '../records.js';
import { agingItems, bucketOf, bucketTitles, money, moneyOrBlank, type AgingOptions } from './aging.js';
import { column, dataRow, grandTotal, reportHeader, type Json } from './report-shape.js';

/** AgedReceivables (A/R Aging Summary): one row per customer, a column per bucket and Total, then GrandTotal. */
export function agedReceivables(company: QboCompanyData, options: AgingOptions, now: number, customerParam?: string): Json {
  const titles = bucketTitles(options.agingPeriod, options.numPeriods);
  const perCustomer = new Map<string, number[]>();
  for (const item of agingItems(company, options)) {
    const sums = perCustomer.get(item.customerId) ?? titles.map(() => 0);
    const bucket = bucketOf(item.daysPastDue, options.agingPeriod, options.numPeriods);
    sums[bucket] = (sums[bucket] ?? 0) + item.openCents;
    perCustomer.set(item.customerId, sums);
  }
  const rows = [...perCustomer.entries()]
    .map(([id, sums]) => ({ id, name: company.customer(id)?.displayName ?? id, sums, total: sums.reduce((a, b) => a + b, 0) }))
    .filter((row) => row.sums.some((cents) => cents !== 0))
    .sort((a, b) => a.name.localeCompare(b.name));
  const totals = titles.map((_, index) => rows.reduce((sum, row) => sum + (row.sums[index] ?? 0), 0));
  const grand = totals.reduce((a, b) => a + b, 0);
  return {
    Header: reportHeader(company, 'AgedReceivables', now, {
      ...(customerParam === undefined ? {} : { Customer: customerParam }),
    }, [
      { name: 'report_date', value: options.reportDate },
      { name: 'NoReportData', value: String(rows.length === 0) },
    ]),
    Columns: {
      Column: [
        column('', 'Customer', 'customer'),
        ...titles.map((title, index) => column(title, 'Money', index === 0 ? 'current' : String(index))),
        column('Total', 'Money', 'total'),
      ],
    },
    Rows: {
      Row: [
        ...rows.map((row) => dataRow([{ id: row.id, value: row.name }, ...row.sums.map((cents) => ({ value: moneyOrBlank(cents) })), { value: money(row.total) }])),
        grandTotal([{ value: 'TOTAL' }, ...totals.map((cents) => ({ value: money(cents) })), { value: money(grand) }]),
      ],
    },
  };
}
