import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { customerRow, openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import { findCustomers } from '../../../lib/matching';
import type { Customer, RecordContext } from '../../../lib/model';
import { customer } from './support/fake-proxy';

let db: LedgerDb;
afterEach(async () => db?.delete());

async function withCustomers(...customers: Customer[]) {
  db = openLedgerDb(`match-${crypto.randomUUID()}`);
  await db.customers.bulkPut(customers.map(customerRow));
}

const record = (over: Partial<RecordContext>): RecordContext => ({
  crm: 'hubspot',
  kind: 'person',
  recordKey: 'hubspot:4242:0-1:1001',
  name: null,
  emails: [],
  companyName: null,
  phone: null,
  address: null,
  ...over,
});

const names = (m: Awaited<ReturnType<typeof findCustomers>>) => m?.customers.map((c) => c.displayName);

describe('matching a CRM record to accounting customers', () => {
  it('matches emails ignoring case and surrounding whitespace', async () => {
    await withCustomers(customer({ id: '1', displayName: 'Ada', emails: ['  Ada.Lovelace@Example.COM '] }));
    const m = await findCustomers(db, record({ emails: ['ada.lovelace@example.com'] }));
    expect(m).toMatchObject({ matchedBy: 'email' });
    expect(names(m)).toEqual(['Ada']);
  });

  it("matches any of a customer's several emails, from any of the record's emails", async () => {
    await withCustomers(
      customer({ id: '1', displayName: 'Ada', emails: ['billing@engines.example', 'ada@engines.example'] }),
      customer({ id: '2', displayName: 'Other', emails: ['other@x.example'] }),
    );
    const m = await findCustomers(db, record({ emails: ['nobody@x.example', 'ADA@engines.example'] }));
    expect(names(m)).toEqual(['Ada']);
  });

  it('falls back to the exact normalized name when no email matches', async () => {
    await withCustomers(
      customer({ id: '1', displayName: 'Ada  Lovelace', emails: ['x@y.example'] }),
      customer({ id: '2', displayName: 'Ada Lovelace Ltd', emails: [] }),
      customer({ id: '3', displayName: 'Lovelace & Co', givenName: 'Ada', familyName: 'Lovelace' }),
    );
    const m = await findCustomers(db, record({ name: ' ada lovelace', emails: ['unknown@z.example'] }));
    expect(m?.matchedBy).toBe('name');
    expect(names(m)).toEqual(['Ada  Lovelace', 'Lovelace & Co']);
  });

  it('returns every customer sharing the email, and prefers email over name', async () => {
    await withCustomers(
      customer({ id: '1', displayName: 'Engines (UK)', emails: ['ap@engines.example'] }),
      customer({ id: '2', displayName: 'Engines (US)', emails: ['AP@engines.example'], companyId: 'realm-2', connectionId: 'conn-2' }),
      customer({ id: '3', displayName: 'Ada Lovelace', emails: [] }),
    );
    const m = await findCustomers(db, record({ name: 'Ada Lovelace', emails: ['ap@engines.example'] }));
    expect(m?.matchedBy).toBe('email');
    expect(names(m)).toEqual(['Engines (UK)', 'Engines (US)']);
  });

  it('finds nothing for a stranger, and ignores connections that are gone', async () => {
    await withCustomers(customer({ id: '1', displayName: 'Ada', emails: ['ada@x.example'], connectionId: 'conn-old' }));
    expect(await findCustomers(db, record({ name: 'Bob', emails: ['bob@x.example'] }))).toBeNull();
    expect(await findCustomers(db, record({ emails: ['ada@x.example'] }), new Set(['conn-1']))).toBeNull();
  });
});
