import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import { applyFeedPage } from '../../../lib/sync/feed-applier';
import { searchCustomers } from '../../../lib/search/customer-search';
import { csvCell, toCsv } from '../../../lib/search/csv';
import type { FeedItem } from '../../../lib/model';
import { customer, upsert } from './support/fake-proxy';
import { invoice, upsertInvoice } from './support/records';

const TODAY = '2025-12-15';
const N = 10_000;
let db: LedgerDb;

/** Customer i: balance i, currency EUR for every 10th, an invoice due (i % 200) days ago for every 7th. */
beforeAll(async () => {
  db = openLedgerDb(`search-${crypto.randomUUID()}`);
  const items: FeedItem[] = [];
  for (let i = 0; i < N; i++) {
    const id = String(i);
    items.push(upsert(customer({ id, displayName: `Customer ${id}`, emails: [`c${id}@example.com`], balance: String(i), currency: i % 10 === 0 ? 'EUR' : 'USD' })));
    if (i % 7 === 0) {
      const due = new Date(Date.parse(`${TODAY}T00:00:00Z`) - (i % 200) * 86_400_000).toISOString().slice(0, 10);
      items.push(upsertInvoice(invoice({ id: `inv${id}`, customerId: id, total: '100', balance: '100', issueDate: i % 2 ? '2025-03-01' : '2024-06-01', dueDate: due })));
    }
  }
  for (let start = 0; start < items.length; start += 2_000) {
    await applyFeedPage(db, { items: items.slice(start, start + 2_000), cursor: String(start), hasMore: true }, () => new Date(`${TODAY}T12:00:00Z`));
  }
}, 120_000);
afterAll(async () => {
  await db.delete();
});

describe('accounting search at 10,000 customers', () => {
  it('filters by balance range, exactly', async () => {
    const r = await searchCustomers(db, { balanceMin: '100', balanceMax: '109.5', sort: { field: 'balance', dir: 'desc' } }, TODAY);
    expect(r.plan).toBe('memory');
    expect(r.hits.map((h) => h.balance)).toEqual(['109', '108', '107', '106', '105', '104', '103', '102', '101', '100']);
  });

  it('finds customers by days overdue and overdue amount', async () => {
    const r = await searchCustomers(db, { daysOverdueMin: 190, currency: 'USD', limit: 100_000 }, TODAY);
    const expected = Array.from({ length: N }, (_, i) => i).filter((i) => i % 7 === 0 && i % 200 >= 190 && i % 10 !== 0);
    expect(r.hits.map((h) => Number(h.key.split(':')[2])).sort((a, b) => a - b)).toEqual(expected);
    expect(r.hits.every((h) => h.overdue === '100' && h.daysOverdue >= 190)).toBe(true);
    const overdue = await searchCustomers(db, { overdueMin: '100', limit: 100_000 }, TODAY);
    expect(overdue.total).toBe(Array.from({ length: N }, (_, i) => i).filter((i) => i % 7 === 0 && i % 200 > 0).length);
  });

  it('answers sales in a period, last-invoice dates, text and currency', async () => {
    const sales = await searchCustomers(db, { salesPeriod: { from: '2025-01-01', to: '2025-12-31' }, limit: 100_000 }, TODAY);
    expect(sales.total).toBe(Array.from({ length: N }, (_, i) => i).filter((i) => i % 7 === 0 && i % 2 === 1).length);
    expect(sales.hits.every((h) => h.periodSales === '100' && h.thisYearSales === '100')).toBe(true);
    const before = await searchCustomers(db, { lastInvoiceBefore: '2024-12-31', limit: 100_000 }, TODAY);
    expect(before.total).toBe(Array.from({ length: N }, (_, i) => i).filter((i) => i % 7 === 0 && i % 2 === 0).length);
    const text = await searchCustomers(db, { text: 'c4242@EXAMPLE.com' }, TODAY);
    expect(text.hits.map((h) => h.displayName)).toEqual(['Customer 4242']);
    expect(text.plan).toBe('memory');
    const byId = await searchCustomers(db, { text: '4243' }, TODAY);
    expect(byId.hits.map((h) => h.key)).toEqual(['qbo:realm-1:4243']);
    const eur = await searchCustomers(db, { currency: 'EUR', limit: 5, sort: { field: 'balance', dir: 'asc' } }, TODAY);
    expect(eur.total).toBe(1_000);
    expect(eur.hits.map((h) => h.balance)).toEqual(['0', '10', '20', '30', '40']);
  });
});

describe('csv', () => {
  it('quotes per RFC 4180 and guards formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-12.50')).toBe('-12.50');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [['1', 'x\ny']])).toBe('a,b\r\n1,"x\ny"\r\n');
  });
});
