import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import { buildSummary } from '../../../lib/db/summary-row';
import { readAllSummaries, readSummary } from '../../../lib/db/stored-summaries';
import { applyFeedPage } from '../../../lib/sync/feed-applier';
import { lookupDetails } from '../../../lib/background/lookup-details';
import { searchCustomers } from '../../../lib/search/customer-search';
import { searchCustomersIndexedDb } from '../../../lib/search/customer-search-idb';
import { searchIndexBuilt } from '../../../lib/search/search-index';
import type { FeedItem, Invoice, Payment } from '../../../lib/model';
import { customer, remove, upsert } from './support/fake-proxy';
import { deleteOf, invoice, payment, upsertInvoice, upsertPayment } from './support/records';
import { customersOf } from '../../../lib/db/customer-store';

/**
 * Summaries are stored only for customers with invoices or payments (issue #7 P7); every other customer's summary
 * is derived from its row. These tests pin that every reader sees what it saw when every customer had a stored
 * summary: buildSummary of the customer with its invoices and payments, for every customer in the mirror.
 */
const TODAY = '2025-12-15';
const now = () => new Date(`${TODAY}T12:00:00Z`);
let db: LedgerDb;
let cursor = 0;
const apply = (items: FeedItem[]) => applyFeedPage(db, { items, cursor: String((cursor += 1)), hasMore: true }, now);

beforeEach(() => {
  db = openLedgerDb(`stored-summaries-${crypto.randomUUID()}`);
});
afterEach(async () => {
  await db.delete();
});

/** What schema v3 stored before: one summary per customer, built from its rows (in primary-key order). */
async function everySummaryAsBuilt() {
  const [customers, invoices, payments] = await Promise.all([customersOf(db).all(), db.invoices.toArray(), db.payments.toArray()]);
  return customers.map((c) =>
    buildSummary(
      c.data,
      invoices.filter((i) => i.customerKey === c.key).map((i) => i.data as Invoice),
      payments.filter((p) => p.customerKey === c.key).map((p) => p.data as Payment),
    ),
  );
}

async function expectReadersAgree() {
  const expected = await everySummaryAsBuilt();
  expect((await readAllSummaries(db)).summaries).toEqual(expected);
  for (const summary of expected) expect(await readSummary(db, summary.key)).toEqual(summary);
  // The in-memory index, kept current by the committed writes, equals the search straight from the tables.
  for (const query of [{}, { text: 'renamed' }, { balanceMin: '1' }, { daysOverdueMin: 1 }, { salesPeriod: { from: '2025-01-01', to: TODAY } }]) {
    const q = { limit: 1_000, sort: { field: 'name' as const, dir: 'asc' as const }, ...query };
    expect(await searchCustomers(db, q, TODAY)).toEqual({ ...(await searchCustomersIndexedDb(db, q, TODAY)), plan: 'memory' });
  }
}

describe('summaries stored only for customers with invoices or payments', () => {
  it('stores no row for a customer without activity, and every reader still sees its summary', async () => {
    await apply([upsert(customer({ id: '1', balance: '10' })), upsert(customer({ id: '2', balance: '20' }))]);
    expect(await db.summaries.count()).toBe(0);
    expect(await readSummary(db, 'qbo:realm-1:1')).toMatchObject({ balance: '10', lifetimeSales: '0', openInvoices: [] });
    expect(await readSummary(db, 'qbo:realm-1:nobody')).toBeUndefined();
    const details = await lookupDetails(db, [customer({ id: '1', balance: '10' })], TODAY);
    expect(details['qbo:realm-1:1']!.summary).toEqual({ overdue: '0', overdueDays: 0, ageing: expect.any(Object), lastInvoice: null, lastPayment: null });
    // A customer that is not in the mirror has no summary, as before.
    expect((await lookupDetails(db, [customer({ id: 'elsewhere' })], TODAY))['qbo:realm-1:elsewhere']!.summary).toBeNull();
    await expectReadersAgree();
  });

  it('keeps the in-memory search equal to the tables through every kind of write', async () => {
    await apply([upsert(customer({ id: '1', balance: '10' })), upsert(customer({ id: '2' })), upsert(customer({ id: '3' }))]);
    await searchCustomers(db, {}, TODAY);
    expect(searchIndexBuilt(db)).toBe(true);

    // An invoice and a payment: two customers get a stored row.
    const late = invoice({ id: 'i1', customerId: '1', total: '80', balance: '80', issueDate: '2025-10-01', dueDate: '2025-11-30' });
    await apply([upsertInvoice(late), upsertPayment(payment({ id: 'p1', customerId: '2', amount: '5', date: '2025-12-01' }))]);
    expect((await db.summaries.toCollection().primaryKeys()).sort()).toEqual(['qbo:realm-1:1', 'qbo:realm-1:2']);
    await expectReadersAgree();

    // A rename of a customer with a stored row and of one without.
    await apply([upsert(customer({ id: '1', displayName: 'Renamed One', balance: '80' })), upsert(customer({ id: '3', displayName: 'Renamed Three' }))]);
    await expectReadersAgree();

    // The invoice moves to customer 3 and the payment goes: customer 1 and 2 fall back to derived summaries.
    await apply([upsertInvoice({ ...late, customerId: '3' }), deleteOf('payment', 'qbo:realm-1:p1')]);
    expect(await db.summaries.toCollection().primaryKeys()).toEqual(['qbo:realm-1:3']);
    await expectReadersAgree();

    // A customer with a stored row and one without are deleted; a new one arrives.
    await apply([remove(customer({ id: '3' })), remove(customer({ id: '2' })), upsert(customer({ id: '4', balance: '4' }))]);
    expect(await db.summaries.count()).toBe(0);
    await expectReadersAgree();
  });
});
