import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { openLedgerDb, SCHEMA_V1, SCHEMA_V2, type LedgerDb } from '../../../lib/db/schema';
import { readCursor } from '../../../lib/sync/feed-applier';
import { findCustomers } from '../../../lib/matching';
import { recordKey, type Customer } from '../../../lib/model';
import { customer } from './support/fake-proxy';
import { crmRecord, invoice, payment } from './support/records';
import { readSummary } from '../../../lib/db/stored-summaries';
import { customersOf } from '../../../lib/db/customer-store';

const names: string[] = [];
const dbs: Dexie[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) db.close();
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A customer row exactly as schema v2 wrote it (trimmed/lower-cased emails, the v1 `names` field, no nameKeys). */
function v2CustomerRow(c: Customer) {
  return {
    key: recordKey(c),
    connectionId: c.connectionId,
    emails: c.emails.map((e) => e.trim().toLowerCase()),
    names: [c.displayName.toLowerCase()],
    data: c,
  };
}

const v2Transaction = <T extends { customerId: string; connectionId: string }>(data: T & { id: string }, date: string, status: string) => ({
  key: `qbo:realm-1:${data.id}`, connectionId: data.connectionId, customerKey: `qbo:realm-1:${data.customerId}`, date, status, data,
});


describe('Dexie v2 → v3 migration', () => {
  it('indexes name keys and domains, rebuilds the summaries with their sales, and keeps rows and cursor', async () => {
    const name = `v2-${crypto.randomUUID()}`;
    names.push(name);
    const ada = customer({ id: '1', displayName: 'Ada Lovelace', givenName: 'Ada', familyName: 'Lovelace', emails: [' Ada@Engines.Example '], balance: '300' });
    const acme = customer({ id: '2', displayName: 'Acme Pty Ltd', companyName: 'Acme Pty Ltd', emails: ['billing@gmail.com'] });
    // A v2 fixture database, written the way schema v2 wrote it: summaries without `sales`, one of them an orphan.
    const v2 = new Dexie(name);
    v2.version(1).stores(SCHEMA_V1);
    v2.version(2).stores(SCHEMA_V2);
    await v2.table('customers').bulkPut([v2CustomerRow(ada), v2CustomerRow(acme)]);
    const inv = invoice({ id: 'a', customerId: '1', total: '200', balance: '200', issueDate: '2025-09-01', dueDate: '2025-09-30' });
    const paid = invoice({ id: 'b', customerId: '1', total: '100', balance: '0', status: 'paid', issueDate: '2024-05-01' });
    await v2.table('invoices').bulkPut([
      { ...v2Transaction(inv, inv.issueDate, inv.status), dueDate: inv.dueDate },
      { ...v2Transaction(paid, paid.issueDate, paid.status), dueDate: paid.dueDate },
    ]);
    const pay = payment({ id: 'p', customerId: '1', date: '2025-10-02' });
    await v2.table('payments').put(v2Transaction(pay, pay.date, 'received'));
    await v2.table('summaries').bulkPut([
      { key: 'qbo:realm-1:1', connectionId: 'conn-1', balance: '300', lifetimeSales: '300' },
      { key: 'qbo:realm-1:gone', connectionId: 'conn-1', balance: '1' },
    ]);
    await v2.table('meta').put({ key: 'feed', cursor: 'c-77', appliedAt: '2025-11-01T00:00:00.000Z' });
    v2.close();

    const db: LedgerDb = openLedgerDb(name);
    dbs.push(db);
    await db.open();
    // Through v3 to the current version (v4 moves the rows into chunks).
    expect(db.verno).toBe(4);
    expect(await readCursor(db)).toBe('c-77');
    expect(await db.invoices.count()).toBe(2);
    expect(await db.payments.count()).toBe(1);

    const row = (await customersOf(db).get('qbo:realm-1:1'))!;
    expect(row).toMatchObject({ emails: ['ada@engines.example'], nameKeys: ['company:ada lovelace', 'person:ada lovelace'], domains: ['engines.example'] });
    expect('names' in row).toBe(false);
    expect((await customersOf(db).get('qbo:realm-1:2'))!.domains).toEqual([]);

    // The new indexes answer the name and domain rules.
    expect((await findCustomers(db, crmRecord({ name: 'Lovelace, Ada' })))?.matchedBy).toBe('person-name');
    expect((await findCustomers(db, crmRecord({ kind: 'company', name: 'ACME, Inc.' })))?.customers.map((c) => c.id)).toEqual(['2']);
    expect(await findCustomers(db, crmRecord({ emails: ['someone@engines.example'] }))).toMatchObject({ matchedBy: 'domain', status: 'suggested' });

    const summary = (await db.summaries.get('qbo:realm-1:1'))!;
    expect(summary).toMatchObject({
      balance: '300', lifetimeSales: '300', salesByYear: { '2025': '200', '2024': '100' }, lastInvoiceDate: '2025-09-01',
      lastPaymentDate: '2025-10-02', oldestOpenDue: '2025-09-30', openInvoices: [{ dueDate: '2025-09-30', balance: '200' }],
    });
    expect(summary.sales).toEqual([{ date: '2025-09-01', total: '200' }, { date: '2024-05-01', total: '100' }]);
    // Customer 2 has no invoices or payments: no stored row, its derived summary has no sales.
    expect(await db.summaries.get('qbo:realm-1:2')).toBeUndefined();
    expect((await readSummary(db, 'qbo:realm-1:2'))!.sales).toEqual([]);
    expect(await db.summaries.get('qbo:realm-1:gone')).toBeUndefined();
  });
});
