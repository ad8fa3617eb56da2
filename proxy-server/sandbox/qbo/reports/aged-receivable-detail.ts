import type { QboCompanyData } from '../records.js';
import { agingItems, bucketOf, bucketTitles, money, type AgingOptions } from './aging.js';
import { column, dataRow, grandTotal, reportHeader, type Json } from './report-shape.js';

/**
 * AgedReceivableDetail: one Section per bucket, oldest first ("91 or more days past due" … "Current"), each with
 * its transactions (Date, Transaction Type, Num, Customer, Due Date, Amount, Open Balance) and a Summary row.
 */
export function agedReceivableDetail(company: QboCompanyData, options: AgingOptions, now: number, customerParam?: string): Json {
  const titles = bucketTitles(options.agingPeriod, options.numPeriods);
  const sectionTitle = (index: number): string =>
    index === 0 ? 'Current' : index === options.numPeriods ? `${(options.numPeriods - 1) * options.agingPeriod + 1} or more days past due` : `${titles[index] ?? ''} days past due`;
  const buckets = titles.map(() => [] as ReturnType<typeof agingItems>);
  for (const item of agingItems(company, options)) buckets[bucketOf(item.daysPastDue, options.agingPeriod, options.numPeriods)]?.push(item);
  let grandAmount = 0;
  let grandOpen = 0;
  const sections: Json[] = [];
  for (let index = buckets.length - 1; index >= 0; index -= 1) {
    const items = (buckets[index] ?? []).sort((a, b) => a.txnDate.localeCompare(b.txnDate) || Number(a.id) - Number(b.id));
    if (items.length === 0) continue;
    const amount = items.reduce((sum, item) => sum + item.totalCents, 0);
    const open = items.reduce((sum, item) => sum + item.openCents, 0);
    grandAmount += amount;
    grandOpen += open;
    const blank = { value: '' };
    sections.push({
      Header: { ColData: [{ value: sectionTitle(index) }, blank, blank, blank, blank, blank, blank] },
      Rows: {
        Row: items.map((item) =>
          dataRow([
            { value: item.txnDate },
            { id: item.id, value: item.txnType },
            { value: item.docNumber },
            { id: item.customerId, value: company.customer(item.customerId)?.displayName ?? '' },
            { value: item.dueDate },
            { value: money(item.totalCents) },
            { value: money(item.openCents) },
          ]),
        ),
      },
      Summary: { ColData: [{ value: `Total for ${sectionTitle(index)}` }, blank, blank, blank, blank, { value: money(amount) }, { value: money(open) }] },
      type: 'Section',
    });
  }
  return {
    Header: reportHeader(company, 'AgedReceivableDetail', now, customerParam === undefined ? {} : { Customer: customerParam }, [
      { name: 'report_date', value: options.reportDate },
      { name: 'NoReportData', value: String(sections.length === 0) },
    ]),
    Columns: {
      Column: [
        column('Date', 'tx_date', 'tx_date'),
        column('Transaction Type', 'txn_type', 'txn_type'),
        column('Num', 'doc_num', 'doc_num'),
        column('Customer', 'cust_name', 'cust_name'),
        column('Due Date', 'due_date', 'due_date'),
        column('Amount', 'subt_amount', 'subt_amount'),
        column('Open Balance', 'subt_open_bal', 'subt_open_bal'),
      ],
    },
    Rows: { Row: [...sections, grandTotal([{ value: 'TOTAL' }, { value: '' }, { value: '' }, { value: '' }, { value: '' }, { value: money(grandAmount) }, { value: money(grandOpen) }])] },
  };
}
