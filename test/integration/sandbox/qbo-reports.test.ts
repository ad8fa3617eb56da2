import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffShapes } from '../../support/shape.js';
import { openSandbox, type OpenSandbox } from './sandbox-client.js';
import { referencePath } from '../../support/reference';

/** QBO reports in the Header/Columns/Rows shape (qbo/samples/AgedReceivables_official_docs_sample.json, Report.xsd). */
const SAMPLE = referencePath('qbo/samples/AgedReceivables_official_docs_sample.json');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let s: OpenSandbox;
let realmId: string;
let token: string;
beforeAll(async () => {
  s = await openSandbox();
  realmId = s.companies[0]?.id ?? '';
  token = await s.tokenFor(realmId);
});
afterAll(async () => {
  await s.sandbox.close();
});

const get = async (path: string): Promise<Json> => (await (await s.qboGet(realmId, path, token)).json()) as Json;
const cents = (value: string): number => (value === '' ? 0 : Math.round(Number(value) * 100));
const DAY = 86_400_000;

describe('QBO reports', () => {
  it('AgedReceivables has the documented shape and buckets open invoices by due date', async () => {
    const reportDate = new Date(Date.now() - 7 * 3_600_000).toISOString().slice(0, 10);
    const report = await get(`reports/AgedReceivables?report_date=${reportDate}&aging_period=30&num_periods=4`);
    const sample = (JSON.parse(readFileSync(SAMPLE, 'utf8')) as { response: Json }).response;
    expect(diffShapes(sample, report, { mayLack: ['Header.DateMacro', 'Header.StartPeriod', 'Header.EndPeriod', 'Header.Customer', 'Rows.Row[].ColData[].id'], mayAdd: ['Columns.Column[].MetaData', 'Rows.Row[].ColData[].id'] })).toEqual([]);
    expect(report.Columns.Column.map((c: Json) => c.ColTitle)).toEqual(['', 'Current', '1 - 30', '31 - 60', '61 - 90', '91 and over', 'Total']);

    // Recompute the buckets from the open invoices and credit memos of three customers.
    const rows = report.Rows.Row as Json[];
    const grand = rows.at(-1) as Json;
    expect(grand.group).toBe('GrandTotal');
    for (const row of rows.slice(0, 3)) {
      const id = row.ColData[0].id as string;
      const invoices = (await get(`query?query=${encodeURIComponent(`SELECT * FROM Invoice WHERE CustomerRef = '${id}' AND Balance > '0' MAXRESULTS 1000`)}`)).QueryResponse.Invoice ?? [];
      const memos = (await get(`query?query=${encodeURIComponent(`SELECT * FROM CreditMemo WHERE CustomerRef = '${id}'`)}`)).QueryResponse.CreditMemo ?? [];
      const expected = [0, 0, 0, 0, 0];
      const at = Date.parse(`${reportDate}T00:00:00Z`);
      const bucket = (date: string) => {
        const days = Math.round((at - Date.parse(`${date}T00:00:00Z`)) / DAY);
        return days <= 0 ? 0 : Math.min(4, Math.ceil(days / 30));
      };
      const add = (index: number, value: number): void => {
        expected[index] = (expected[index] ?? 0) + value;
      };
      for (const invoice of invoices) add(bucket(invoice.DueDate), Math.round(invoice.Balance * 100));
      for (const memo of memos) add(bucket(memo.TxnDate), -Math.round(memo.RemainingCredit * 100));
      expect(row.ColData.slice(1, 6).map((c: Json) => cents(c.value))).toEqual(expected);
      const customer = (await get(`customer/${id}`)).Customer as Json;
      expect(cents(row.ColData[6].value)).toBe(Math.round(customer.Balance * 100));
    }
    // Column totals add up to the grand total.
    const columnSums = [1, 2, 3, 4, 5].map((i) => rows.slice(0, -1).reduce((sum, row) => sum + cents(row.ColData[i].value), 0));
    expect(grand.Summary.ColData.slice(1, 6).map((c: Json) => cents(c.value))).toEqual(columnSums);
    expect(cents(grand.Summary.ColData[6].value)).toBe(columnSums.reduce((a, b) => a + b, 0));
  });

  it('AgedReceivables filters by customer and honours aging_period/num_periods', async () => {
    const report = await get('reports/AgedReceivables?customer=20&aging_period=15&num_periods=3');
    expect(report.Header.Customer).toBe('20');
    expect(report.Columns.Column.map((c: Json) => c.ColTitle)).toEqual(['', 'Current', '1 - 15', '16 - 30', '31 and over', 'Total']);
    expect(report.Rows.Row.filter((r: Json) => r.group !== 'GrandTotal').every((r: Json) => r.ColData[0].id === '20')).toBe(true);
  });

  it('AgedReceivableDetail lists the transactions per bucket with totals matching the summary', async () => {
    const detail = await get('reports/AgedReceivableDetail?customer=20,21,22');
    const summary = await get('reports/AgedReceivables?customer=20,21,22');
    const detailOpen = cents(detail.Rows.Row.at(-1).Summary.ColData[6].value);
    expect(detailOpen).toBe(cents(summary.Rows.Row.at(-1).Summary.ColData.at(-1).value));
    const section = detail.Rows.Row[0] as Json;
    expect(section.type).toBe('Section');
    expect(section.Rows.Row[0].ColData).toHaveLength(7);
  });

  it('CustomerBalance lists balances whose total is the sum of customer balances', async () => {
    const report = await get('reports/CustomerBalance');
    const rows = report.Rows.Row as Json[];
    const sum = rows.slice(0, -1).reduce((total, row) => total + cents(row.ColData[1].value), 0);
    expect(cents(rows.at(-1)?.Summary.ColData[1].value)).toBe(sum);
    expect(report.Header.ReportName).toBe('CustomerBalance');
  });
});
