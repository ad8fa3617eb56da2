import type { QboCompanyData } from '../records.js';
import { money } from './aging.js';
import { column, dataRow, grandTotal, reportHeader, type Json } from './report-shape.js';

/** CustomerBalance (Customer Balance Summary): each customer's Balance, non-zero ones only, then GrandTotal. */
export function customerBalance(company: QboCompanyData, reportDate: string, now: number, customerIds?: ReadonlySet<string>, customerParam?: string): Json {
  const rows = company.customers
    .filter((customer) => customer.balanceCents !== 0 && (customerIds === undefined || customerIds.has(customer.id)))
    .sort((a, b) => a.displayName.localeCompare(b.displayName));
  const total = rows.reduce((sum, customer) => sum + customer.balanceCents, 0);
  return {
    Header: reportHeader(company, 'CustomerBalance', now, {
      ReportBasis: 'Accrual',
      StartPeriod: reportDate,
      EndPeriod: reportDate,
      ...(customerParam === undefined ? {} : { Customer: customerParam }),
    }, [{ name: 'NoReportData', value: String(rows.length === 0) }]),
    Columns: { Column: [column('', 'Customer', 'customer'), column('Total', 'Money', 'total')] },
    Rows: {
      Row: [
        ...rows.map((customer) => dataRow([{ id: customer.id, value: customer.displayName }, { value: money(customer.balanceCents) }])),
        grandTotal([{ value: 'TOTAL' }, { value: money(total) }]),
      ],
    },
  };
}
