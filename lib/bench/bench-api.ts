import { Dexie } from 'dexie';
import type { Customer, FeedPage, RecordContext } from '../model';
import { customerRow, openLedgerDb, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, type LedgerDb } from '../db/schema';
import { applyFeedPage } from '../sync/feed-applier';
import { customersOf } from '../db/customer-store';
import { findCustomers } from '../matching';
import { searchCustomers, type CustomerQuery } from '../search/customer-search';

/** A database of its own, so a bench run never touches a seat's real mirror (lib/db DB_NAME). */
export const BENCH_DB_NAME = 'ledgerlens-bench';
/** The database the upgrade figure starts at schema v3 (one row per customer, as installs before v4 hold it). */
export const BENCH_V3_DB_NAME = 'ledgerlens-bench-v3';

function openAtV3(): Dexie {
  const v3 = new Dexie(BENCH_V3_DB_NAME, { chromeTransactionDurability: 'relaxed' });
  v3.version(1).stores(SCHEMA_V1);
  v3.version(2).stores(SCHEMA_V2);
  v3.version(3).stores(SCHEMA_V3);
  return v3;
}

/**
 * What the P7 bench (issue 7: email lookup ≤ 5 ms, search ≤ 200 ms, 100,000 feed records ≤ 20 s) calls inside the
 * extension page, the same functions the background runs: applyFeedPage (the feed applier), findCustomers (the
 * email lookup behind lookupRecord) and searchCustomers. Each call times itself with performance.now(), so the
 * DevTools-protocol round trip of page.evaluate is not in the figure. Arguments and answers are plain JSON.
 */
export function createBenchApi(open: (name: string) => LedgerDb = openLedgerDb) {
  let db: LedgerDb | null = null;
  const current = () => (db ??= open(BENCH_DB_NAME));
  async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
    const start = performance.now();
    const result = await run();
    return { ms: performance.now() - start, result };
  }
  return {
    /** Deletes the bench database; the next call opens it afresh at the current schema. */
    async reset(): Promise<void> {
      db?.close();
      db = null;
      await open(BENCH_DB_NAME).delete();
    },
    async applyFeedPage(page: FeedPage) {
      return timed(async () => (await applyFeedPage(current(), page)).items);
    },
    async customerCount(): Promise<number> {
      return customersOf(current()).count();
    },
    /** The panel's lookup of a record by its emails (rules: defaults; connections: all). */
    async lookupByEmail(emails: string[]) {
      const context: RecordContext = {
        crm: 'bench', kind: 'person', recordKey: `bench:${emails.join(',')}`, name: null, emails, companyName: null, phone: null, address: null,
      };
      return timed(async () => (await findCustomers(current(), context))?.customers.map((c) => c.id) ?? []);
    },
    /** Adds customers to the v3 database, written as schema v3 did: one `customers` row each. */
    async seedV3(customers: Customer[]): Promise<void> {
      const v3 = openAtV3();
      try {
        await v3.table('customers').bulkPut(customers.map(customerRow));
      } finally {
        v3.close();
      }
    },
    /**
     * Opens the v3 database with the extension's schema, as an extension update does: the v3 → v4 upgrade
     * (lib/db/schema.ts migrateV3toV4) runs inside that open. Answers the customers the upgraded store holds.
     */
    async upgradeV3() {
      return timed(async () => {
        const upgraded = open(BENCH_V3_DB_NAME);
        try {
          await upgraded.open();
          return { version: upgraded.verno, customers: await customersOf(upgraded).count() };
        } finally {
          upgraded.close();
        }
      });
    },
    async deleteV3(): Promise<void> {
      await Dexie.delete(BENCH_V3_DB_NAME);
    },
    async search(query: CustomerQuery, today: string) {
      return timed(async () => {
        const { total, plan, hits } = await searchCustomers(current(), query, today);
        return { total, plan, keys: hits.map((h) => h.key) };
      });
    },
  };
}
export type BenchApi = ReturnType<typeof createBenchApi>;
