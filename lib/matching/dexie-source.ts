import type { Customer, Link } from '../model';
import type { LedgerDb } from '../db/schema';
import type { MatchSource } from './match-record';
import { customersOf } from '../db/customer-store';

/**
 * MatchSource over the extension's Dexie mirror (lib/db, schema v4: customers in chunks, lib/db/customer-store.ts).
 * Every lookup is an index read: `*emails`, `*nameKeys` and `*domains` are filled by customerRow from the same normalizers (lib/matching/normalize.ts) that
 * matchRecord normalizes the CRM record with, so index and lookup always agree. At 100,000 customers a scan cost
 * seconds (issue #7 P7); an index read costs milliseconds.
 */
export function dexieSource(db: LedgerDb): MatchSource {
  const hasTable = (name: string) => db.tables.some((t) => t.name === name);
  const data = (rows: { data: Customer }[]) => rows.map((row) => row.data);
  const customers = customersOf(db);
  return {
    async linkFor(recordKey) {
      if (!hasTable('links')) return null;
      const row = (await db.table('links').get(recordKey)) as { data: Link } | undefined;
      return row?.data ?? null;
    },
    async customerByKey(key) {
      return (await customers.get(key))?.data ?? null;
    },
    async customersByEmail(emails) {
      return data(await customers.byEmails([...emails]));
    },
    async customersByNameKey(key) {
      return data(await customers.byNameKey(key));
    },
    async customersByDomain(domain) {
      return data(await customers.byDomain(domain));
    },
  };
}
