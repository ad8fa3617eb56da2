import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import { applyFeedPage, deleteConnectionRecords } from '../../../lib/sync/feed-applier';
import { searchCustomers, type CustomerQuery, type SortField } from '../../../lib/search/customer-search';
import { searchCustomersIndexedDb } from '../../../lib/search/customer-search-idb';
import { searchIndexBuilt } from '../../../lib/search/search-index';
import type { FeedItem } from '../../../lib/model';
import { customer, remove, upsert } from './support/fake-proxy';
import { deleteOf, invoice, upsertInvoice } from './support/records';

const TODAY = '2025-12-15';
const now = () => new Date(`${TODAY}T12:00:00Z`);
let db: LedgerDb;
let cursor = 0;
const apply = (items: FeedItem[]) => applyFeedPage(db, { items, cursor: String((cursor += 1)), hasMore: true }, now);
const keysOf = async (query: CustomerQuery) => (await searchCustomers(db, { limit: 10_000, ...query }, TODAY)).hits.map((h) => h.key);

beforeEach(() => {
  db = openLedgerDb(`search-index-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

describe('in-memory search index: never stale', () => {
  it('sees every applied feed page, deleteConnectionRecords and a clear after it was built', async () => {
    await apply([
      upsert(customer({ id: '1', displayName: 'Ada Plumbing', balance: '10' })),
      upsert(customer({ id: '2', displayName: 'Bob Bakery', balance: '20', connectionId: 'conn-2', companyId: 'realm-2' })),
    ]);
    expect(await keysOf({ text: 'plumbing' })).toEqual(['qbo:realm-1:1']);
    expect(searchIndexBuilt(db)).toBe(true);

    // A feed page renames one customer, adds another and gives the first a sale: the next search sees all of it.
    await apply([
      upsert(customer({ id: '1', displayName: 'Ada Roofing', balance: '15' })),
      upsert(customer({ id: '3', displayName: 'Cy Plumbing', balance: '30' })),
      upsertInvoice(invoice({ id: 'inv1', customerId: '1', total: '250', balance: '250', issueDate: '2025-12-01', dueDate: '2025-12-10' })),
    ]);
    expect(await keysOf({ text: 'plumbing' })).toEqual(['qbo:realm-1:3']);
    expect(await keysOf({ balanceMin: '15', balanceMax: '15' })).toEqual(['qbo:realm-1:1']);
    const sales = await searchCustomers(db, { salesPeriod: { from: '2025-12-01', to: '2025-12-31' } }, TODAY);
    expect(sales.hits.map((h) => [h.key, h.periodSales, h.overdue])).toEqual([['qbo:realm-1:1', '250', '250']]);
    // Days overdue follow the search's today (the index memoizes them per day, not forever).
    expect((await searchCustomers(db, { daysOverdueMin: 1 }, TODAY)).hits.map((h) => h.daysOverdue)).toEqual([5]);
    expect((await searchCustomers(db, { daysOverdueMin: 1 }, '2025-12-20')).hits.map((h) => h.daysOverdue)).toEqual([10]);
    expect((await searchCustomers(db, { daysOverdueMin: 1 }, '2025-12-05')).total).toBe(0);

    // Deleting the invoice and a customer through the feed.
    await apply([deleteOf('invoice', 'qbo:realm-1:inv1'), remove(customer({ id: '3' }))]);
    expect(await keysOf({ salesPeriod: { from: '2025-12-01', to: '2025-12-31' } })).toEqual([]);
    expect(await keysOf({})).toEqual(['qbo:realm-1:1', 'qbo:realm-2:2']);

    // Disconnecting conn-2 removes its customers from the results.
    await deleteConnectionRecords(db, ['conn-2']);
    expect(await keysOf({})).toEqual(['qbo:realm-1:1']);

    // "Reset local data" clears the tables (a range delete): the index is dropped and rebuilt from the empty table.
    await db.transaction('rw', db.summaries, db.customerChunks, async () => {
      await db.summaries.clear();
      await db.customerChunks.clear();
    });
    expect(await keysOf({})).toEqual([]);
    await apply([upsert(customer({ id: '9', displayName: 'New after reset' }))]);
    expect(await keysOf({})).toEqual(['qbo:realm-1:9']);
  });

  it('ignores the writes of an aborted transaction', async () => {
    await apply([upsert(customer({ id: '1', displayName: 'Ada', balance: '10' }))]);
    expect(await keysOf({})).toEqual(['qbo:realm-1:1']);
    const row = (await db.summaries.get('qbo:realm-1:1'))!;
    await expect(
      db.transaction('rw', db.summaries, async () => {
        await db.summaries.bulkPut([{ ...row, key: 'qbo:realm-1:ghost', displayName: 'Ghost' }]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await keysOf({})).toEqual(['qbo:realm-1:1']);
  });

  it('keeps the writes committed while the first search builds the index', async () => {
    await apply(Array.from({ length: 300 }, (_, i) => upsert(customer({ id: String(i), balance: String(i) }))));
    const [first] = await Promise.all([
      searchCustomers(db, { limit: 1_000 }, TODAY),
      apply([upsert(customer({ id: 'late', balance: '5000' })), remove(customer({ id: '7' }))]),
    ]);
    // Whichever order IndexedDB gave the two, the next search sees the committed page.
    expect([300, 301, 299]).toContain(first.total);
    const after = await keysOf({ balanceMin: '0' });
    expect(after).toHaveLength(300);
    expect(after).toContain('qbo:realm-1:late');
    expect(after).not.toContain('qbo:realm-1:7');
  });
});

describe('in-memory search equals the IndexedDB search', () => {
  it('gives the same hits, order and totals on generated data for every filter and sort', async () => {
    const items: FeedItem[] = [];
    const N = 1_500;
    for (let i = 0; i < N; i++) {
      const id = String(i);
      const company = i % 3 === 0 ? null : `Trade ${i % 17}`;
      items.push(
        upsert(
          customer({
            id,
            // Repeated names and balances, so the ties (name, then key) decide part of the order.
            displayName: company ?? `Person ${i % 50}`,
            companyName: company,
            emails: [`c${id}@example${i % 7}.com`],
            balance: (((i * 7919) % 40_000) / 4).toFixed(2).replace(/\.?0+$/, '') || '0',
            currency: i % 5 === 0 ? 'CAD' : 'USD',
            connectionId: i % 11 === 0 ? 'conn-2' : 'conn-1',
          }),
        ),
      );
      for (let n = 0; n < i % 4; n++) {
        const day = (i * 37 + n * 101) % 500;
        const issue = new Date(Date.parse(`${TODAY}T00:00:00Z`) - day * 86_400_000).toISOString().slice(0, 10);
        const due = new Date(Date.parse(`${issue}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
        const total = String(((i + n) * 13) % 900) + '.5';
        const status = (['open', 'paid', 'void', 'draft'] as const)[(i + n) % 4]!;
        items.push(upsertInvoice(invoice({ id: `inv${id}-${n}`, customerId: id, total, balance: status === 'open' ? total : '0', status, issueDate: issue, dueDate: n === 2 ? null : due })));
      }
    }
    for (let start = 0; start < items.length; start += 1_000) await apply(items.slice(start, start + 1_000));

    const filters: CustomerQuery[] = [
      {},
      { text: 'trade 1' },
      { text: 'example3' },
      { text: '42' },
      { balanceMin: '1000', balanceMax: '5000' },
      { balanceMin: '9999.75' },
      { daysOverdueMin: 60 },
      { overdueMin: '300' },
      { lastInvoiceAfter: '2025-09-01' },
      { lastInvoiceBefore: '2025-01-31', currency: 'CAD' },
      { salesPeriod: { from: '2025-06-01', to: '2025-11-30' } },
      { salesPeriod: { from: '2025-01-01', to: '2025-12-31', min: '400' }, provider: 'qbo' },
      { currency: 'USD', balanceMin: '100', text: 'person' },
      { companyId: 'realm-1', daysOverdueMin: 1, overdueMin: '1' },
    ];
    const fields: SortField[] = ['name', 'balance', 'overdue', 'daysOverdue', 'lastInvoiceDate', 'lifetimeSales', 'periodSales'];
    let compared = 0;
    for (const filter of filters) {
      for (const field of fields) {
        for (const dir of ['asc', 'desc'] as const) {
          // limit 20 picks by the bounded heap; 5,000 (more than any match count) sorts everything.
          for (const limit of field === 'name' || field === 'balance' ? [20, 5_000] : [20]) {
            const query: CustomerQuery = { ...filter, sort: { field, dir }, limit };
            const memory = await searchCustomers(db, query, TODAY);
            const reference = await searchCustomersIndexedDb(db, query, TODAY);
            expect({ ...memory, plan: '' }, JSON.stringify(query)).toEqual({ ...reference, plan: '' });
            expect(memory.plan).toBe('memory');
            compared += 1;
          }
        }
      }
    }
    expect(compared).toBe(filters.length * (fields.length + 2) * 2);
    // The generated data exercises what it should: matches for the filters and ties in the sorts.
    expect((await searchCustomers(db, { overdueMin: '300' }, TODAY)).total).toBeGreaterThan(10);
  }, 120_000);
});
