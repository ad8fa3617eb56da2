import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { customerRow, emptySummary, openLedgerDb, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, type LedgerDb } from '../../../lib/db/schema';
import { CHUNK_SIZE, customersOf } from '../../../lib/db/customer-store';
import { readSummary } from '../../../lib/db/stored-summaries';
import { readCursor } from '../../../lib/sync/feed-applier';
import { findCustomers } from '../../../lib/matching';
import { searchCustomers } from '../../../lib/search/customer-search';
import { crmRecord } from './support/records';
import { customer } from './support/fake-proxy';

const names: string[] = [];
const dbs: Dexie[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) db.close();
  for (const name of names.splice(0)) await Dexie.delete(name);
});


describe('Dexie v3 → v4 migration', () => {
  it('moves every customer row into chunks, keeps summaries and cursor, and drops the v3 customers table', async () => {
    const name = `v3-${crypto.randomUUID()}`;
    names.push(name);
    // More customers than one migration batch (2,000), in two connections.
    const count = 2_150;
    const rows = Array.from({ length: count }, (_, i) =>
      customerRow(customer({
        id: String(i),
        displayName: i === 7 ? 'Ada Lovelace' : `Customer ${i}`,
        emails: [`c${i}@trade${i % 5}.example`],
        ...(i % 10 === 0 ? { connectionId: 'conn-2', companyId: 'realm-2' } : {}),
      })),
    );
    const v3 = new Dexie(name);
    v3.version(1).stores(SCHEMA_V1);
    v3.version(2).stores(SCHEMA_V2);
    v3.version(3).stores(SCHEMA_V3);
    await v3.table('customers').bulkPut(rows);
    // A stored summary (a customer with invoices) as v3 wrote it.
    await v3.table('summaries').put({ ...emptySummary(rows[7]!.data), balance: '300', lastInvoiceDate: '2025-10-01' });
    await v3.table('meta').put({ key: 'feed', cursor: 'c-90', appliedAt: '2025-11-01T00:00:00.000Z' });
    v3.close();

    const db: LedgerDb = openLedgerDb(name);
    dbs.push(db);
    await db.open();
    expect(db.verno).toBe(4);
    expect(db.tables.map((t) => t.name)).not.toContain('customers');
    expect(await readCursor(db)).toBe('c-90');

    const store = customersOf(db);
    expect(await store.count()).toBe(count);
    expect((await store.all()).map((r) => r.key)).toEqual(rows.map((r) => r.key).sort());
    const chunks = await db.customerChunks.toArray();
    // Each connection's customers fill their own chunks: few rows, none mixing connections.
    expect(chunks.length).toBeLessThanOrEqual(Math.ceil(count / CHUNK_SIZE) + 4);
    expect(chunks.every((c) => c.rows.every((r) => r.connectionId === c.connectionId))).toBe(true);

    // Matching and search read the chunks; the stored summary is untouched.
    const found = await findCustomers(db, crmRecord({ emails: ['C42@trade2.example'] }));
    expect(found?.customers.map((c) => c.id)).toEqual(['42']);
    expect((await findCustomers(db, crmRecord({ name: 'Ada Lovelace' })))?.customers.map((c) => c.id)).toEqual(['7']);
    expect(await readSummary(db, 'qbo:realm-1:7')).toMatchObject({ balance: '300', lastInvoiceDate: '2025-10-01' });
    expect((await searchCustomers(db, { limit: 10_000 }, '2025-12-01')).total).toBe(count);
  });
});
