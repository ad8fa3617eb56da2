import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { openLedgerDb, SCHEMA_V1, customerRow, type LedgerDb } from '../../../lib/db/schema';
import { applyFeedPage, readCursor } from '../../../lib/sync/feed-applier';
import { ageOpenInvoices, daysOverdue, overdueAmount } from '../../../lib/db/ageing';
import { readSummary } from '../../../lib/db/stored-summaries';
import { emptySummary } from '../../../lib/db/summary-row';
import { customer, upsert } from './support/fake-proxy';
import { deleteOf, invoice, payment, upsertInvoice, upsertPayment } from './support/records';
import { customersOf } from '../../../lib/db/customer-store';

const names: string[] = [];
const dbs: Dexie[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) db.close();
  for (const name of names.splice(0)) await Dexie.delete(name);
});
function fresh(): LedgerDb {
  const name = `t-${crypto.randomUUID()}`;
  names.push(name);
  const db = openLedgerDb(name);
  dbs.push(db);
  return db;
}
const NOW = () => new Date('2025-12-15T12:00:00Z');

describe('Dexie v1 → v2 migration', () => {
  it('keeps the customers and the cursor of a v1 database and builds their summaries', async () => {
    const name = `v1-${crypto.randomUUID()}`;
    names.push(name);
    // A v1 fixture database, written exactly as the walking skeleton wrote it.
    const v1 = new Dexie(name);
    v1.version(1).stores(SCHEMA_V1);
    await v1.table('customers').bulkPut([customerRow(customer({ id: '1', balance: '12.5' })), customerRow(customer({ id: '2' }))]);
    await v1.table('meta').put({ key: 'feed', cursor: 'c-41', appliedAt: '2025-11-01T00:00:00.000Z' });
    v1.close();

    const db = openLedgerDb(name);
    dbs.push(db);
    await db.open();
    // Upgraded through v2 to the current version (v3 rebuilds the same summaries from the same rows, v4 chunks them).
    expect(db.verno).toBe(4);
    expect(await customersOf(db).count()).toBe(2);
    expect(await readCursor(db)).toBe('c-41');
    // Customers without invoices or payments: their summary is derived from the customer row, none is stored.
    expect(await db.summaries.count()).toBe(0);
    const summary = await readSummary(db, 'qbo:realm-1:1');
    expect(summary).toMatchObject({ balance: '12.5', lifetimeSales: '0', displayName: 'Customer 1' });
    expect(summary).toEqual(emptySummary(customer({ id: '1', balance: '12.5' })));
    expect(await db.invoices.count()).toBe(0);
  });
});

describe('feed applier, every entity', () => {
  it('applies invoices and payments and maintains the customer summary', async () => {
    const db = fresh();
    const c = customer({ id: '7', balance: '350' });
    const changes = await applyFeedPage(
      db,
      {
        items: [
          upsert(c),
          upsertInvoice(invoice({ id: 'a', customerId: '7', total: '200', balance: '200', issueDate: '2025-09-01', dueDate: '2025-09-30' })),
          upsertInvoice(invoice({ id: 'b', customerId: '7', total: '150', balance: '150', issueDate: '2025-12-01', dueDate: '2025-12-31' })),
          upsertInvoice(invoice({ id: 'c', customerId: '7', total: '90', balance: '0', status: 'paid', issueDate: '2024-03-01' })),
          upsertInvoice(invoice({ id: 'd', customerId: '7', total: '999', status: 'void', issueDate: '2025-12-10' })),
          upsertPayment(payment({ id: 'p', customerId: '7', date: '2025-11-20' })),
        ],
        cursor: '6',
        hasMore: false,
      },
      NOW,
    );
    expect(changes.newPayments).toHaveLength(1);
    expect(changes.newlyOverdue.map((r) => r.data.id)).toEqual(['a']);
    const s = (await db.summaries.get('qbo:realm-1:7'))!;
    expect(s.lifetimeSales).toBe('440');
    expect(s.salesByYear).toEqual({ '2025': '350', '2024': '90' });
    expect(s.lastInvoiceDate).toBe('2025-12-01');
    expect(s.lastPaymentDate).toBe('2025-11-20');
    expect(s.oldestOpenDue).toBe('2025-09-30');
    expect(overdueAmount(s.openInvoices, '2025-12-15')).toBe('200');
    expect(daysOverdue(s.oldestOpenDue, '2025-12-15')).toBe(76);
    expect(ageOpenInvoices(s.openInvoices, '2025-12-15')).toEqual({
      current: '150', days1to30: '0', days31to60: '0', days61to90: '200', over90: '0',
    });
    expect((await db.salesLog.toArray()).map((r) => r.entity)).toEqual(['invoice', 'invoice', 'invoice', 'invoice', 'payment']);

    // A deletion rebuilds the summary, and a re-sent payment is not "new".
    const again = await applyFeedPage(
      db,
      { items: [deleteOf('invoice', 'qbo:realm-1:a'), upsertPayment(payment({ id: 'p', customerId: '7' }))], cursor: '8', hasMore: false },
      NOW,
    );
    expect(again.newPayments).toHaveLength(0);
    expect((await db.summaries.get('qbo:realm-1:7'))!.oldestOpenDue).toBe('2025-12-31');
    expect(await readCursor(db)).toBe('8');
  });

  it('applies items, employees, vendors and links, and their deletions', async () => {
    const db = fresh();
    const base = { provider: 'qbo' as const, companyId: 'realm-1', connectionId: 'conn-1', updatedAt: '2025-01-01T00:00:00Z' };
    await applyFeedPage(db, {
      items: [
        { op: 'upsert', entity: 'item', key: 'qbo:realm-1:i1', data: { ...base, id: 'i1', name: 'Hours', sku: null, description: null, type: 'service', unitPrice: '80', taxCode: null, active: true } },
        { op: 'upsert', entity: 'employee', key: 'qbo:realm-1:e1', data: { ...base, id: 'e1', displayName: 'Emma', emails: [], active: true } },
        { op: 'upsert', entity: 'vendor', key: 'qbo:realm-1:v1', data: { ...base, id: 'v1', displayName: 'Vic', emails: [], active: true } },
        { op: 'upsert', entity: 'link', key: 'link:hubspot:1:0-1:5', data: { recordKey: 'hubspot:1:0-1:5', customerKey: 'qbo:realm-1:7', connectionId: 'conn-1', createdBySeatId: 's', createdAt: '2025-01-01T00:00:00Z' } },
      ],
      cursor: '4',
      hasMore: false,
    });
    expect(await db.items.count()).toBe(1);
    expect(await db.employees.count()).toBe(1);
    expect(await db.vendors.count()).toBe(1);
    expect((await db.links.get('hubspot:1:0-1:5'))?.customerKey).toBe('qbo:realm-1:7');
    await applyFeedPage(db, { items: [deleteOf('link', 'link:hubspot:1:0-1:5'), deleteOf('item', 'qbo:realm-1:i1')], cursor: '6', hasMore: false });
    expect(await db.links.count()).toBe(0);
    expect(await db.items.count()).toBe(0);
  });

  it('applies the items of one page in order: a later item for the same key wins, a delete after an upsert wins', async () => {
    const db = fresh();
    const a = customer({ id: 'a', balance: '10' });
    const b = customer({ id: 'b', balance: '20' });
    const c = customer({ id: 'c' });
    const changes = await applyFeedPage(
      db,
      {
        items: [
          upsert(a), upsert(b), upsert({ ...a, balance: '25.50' }), deleteOf('customer', 'qbo:realm-1:b'),
          deleteOf('customer', 'qbo:realm-1:c'), upsert(c),
          upsertInvoice(invoice({ id: 'i', customerId: 'a', total: '100', balance: '100' })),
          upsertInvoice(invoice({ id: 'i', customerId: 'a', total: '70', balance: '0', status: 'paid' })),
          upsertInvoice(invoice({ id: 'j', customerId: 'a', total: '40' })),
          deleteOf('invoice', 'qbo:realm-1:j'),
          upsertPayment(payment({ id: 'p', customerId: 'a', date: '2025-11-01' })),
          upsertPayment(payment({ id: 'p', customerId: 'a', date: '2025-12-01' })),
        ],
        cursor: '12',
        hasMore: false,
      },
      NOW,
    );
    expect((await customersOf(db).all()).map((r) => [r.key, r.data.balance])).toEqual([['qbo:realm-1:a', '25.50'], ['qbo:realm-1:c', '0']]);
    expect(await db.summaries.get('qbo:realm-1:b')).toBeUndefined();
    expect((await db.invoices.toArray()).map((r) => [r.key, r.data.total])).toEqual([['qbo:realm-1:i', '70']]);
    const s = (await db.summaries.get('qbo:realm-1:a'))!;
    expect(s).toMatchObject({ balance: '25.50', lifetimeSales: '70', openInvoices: [], lastPaymentDate: '2025-12-01' });
    // A payment seen twice in one page is new once; the deleted invoice was logged with its customer.
    expect(changes.newPayments).toHaveLength(1);
    expect((await db.salesLog.toArray()).map((r) => [r.entity, r.op, r.key, r.customerKey])).toEqual([
      ['invoice', 'upsert', 'qbo:realm-1:i', 'qbo:realm-1:a'],
      ['invoice', 'upsert', 'qbo:realm-1:i', 'qbo:realm-1:a'],
      ['invoice', 'upsert', 'qbo:realm-1:j', 'qbo:realm-1:a'],
      ['invoice', 'delete', 'qbo:realm-1:j', 'qbo:realm-1:a'],
      ['payment', 'upsert', 'qbo:realm-1:p', 'qbo:realm-1:a'],
      ['payment', 'upsert', 'qbo:realm-1:p', 'qbo:realm-1:a'],
    ]);
    expect(changes.customers.sort()).toEqual(['qbo:realm-1:a', 'qbo:realm-1:b', 'qbo:realm-1:c']);
    expect(await readCursor(db)).toBe('12');
  });

  it('reports an invoice overdue once, and rebuilds the customer an invoice moved away from', async () => {
    const db = fresh();
    await applyFeedPage(db, { items: [upsert(customer({ id: '1' })), upsert(customer({ id: '2' }))], cursor: '2', hasMore: true }, NOW);
    const late = invoice({ id: 'x', customerId: '1', total: '80', balance: '80', dueDate: '2025-11-30' });
    const first = await applyFeedPage(db, { items: [upsertInvoice({ ...late, balance: '0', status: 'paid' }), upsertInvoice(late)], cursor: '4', hasMore: true }, NOW);
    expect(first.newlyOverdue.map((r) => r.key)).toEqual(['qbo:realm-1:x']);
    expect((await db.summaries.get('qbo:realm-1:1'))!.oldestOpenDue).toBe('2025-11-30');
    // Still overdue: not newly. Then it moves to customer 2, and customer 1's summary loses it.
    const again = await applyFeedPage(db, { items: [upsertInvoice(late)], cursor: '5', hasMore: true }, NOW);
    expect(again.newlyOverdue).toEqual([]);
    const moved = await applyFeedPage(db, { items: [upsertInvoice({ ...late, customerId: '2' })], cursor: '6', hasMore: false }, NOW);
    expect(moved.customers.sort()).toEqual(['qbo:realm-1:1', 'qbo:realm-1:2']);
    // Customer 1 has nothing left: its stored row goes, the derived summary is the empty one.
    expect(await db.summaries.get('qbo:realm-1:1')).toBeUndefined();
    expect((await readSummary(db, 'qbo:realm-1:1'))!).toMatchObject({ oldestOpenDue: '', lifetimeSales: '0', sales: [] });
    expect(await readSummary(db, 'qbo:realm-1:1')).toEqual(emptySummary(customer({ id: '1' })));
    expect((await db.summaries.get('qbo:realm-1:2'))!).toMatchObject({ oldestOpenDue: '2025-11-30', lifetimeSales: '80' });
  });

  it('commits nothing of a page that fails half way (the cursor stays)', async () => {
    const db = fresh();
    await applyFeedPage(db, { items: [upsert(customer({ id: '1' }))], cursor: '1', hasMore: true });
    const broken = { op: 'upsert', entity: 'invoice', key: 'x', data: null } as never;
    await expect(applyFeedPage(db, { items: [upsert(customer({ id: '2' })), broken], cursor: '3', hasMore: false })).rejects.toThrow();
    expect(await readCursor(db)).toBe('1');
    expect(await customersOf(db).count()).toBe(1);
  });
});
