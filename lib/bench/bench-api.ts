import type { FeedPage, RecordContext } from '../model';
import { openLedgerDb, type LedgerDb } from '../db/schema';
import { applyFeedPage } from '../sync/feed-applier';
import { customersOf } from '../db/customer-store';
import { findCustomers } from '../matching';
import { searchCustomers, type CustomerQuery } from '../search/customer-search';

/** A database of its own, so a bench run never touches a seat's real mirror (lib/db DB_NAME). */
export const BENCH_DB_NAME = 'ledgerlens-bench';

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
    async search(query: CustomerQuery, today: string) {
      return timed(async () => {
        const { total, plan, hits } = await searchCustomers(current(), query, today);
        return { total, plan, keys: hits.map((h) => h.key) };
      });
    },
  };
}
export type BenchApi = ReturnType<typeof createBenchApi>;
