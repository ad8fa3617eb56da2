import type { FeedPage } from '../model';
import { customerRow, type LedgerDb } from '../db/schema';

/**
 * Applies one feed page: its items, in order, AND the cursor that follows them, in ONE Dexie transaction. A service
 * worker killed mid-sync therefore leaves either the whole page with its cursor or neither, and the next pull
 * resumes from the stored cursor without duplicates or gaps.
 */
export async function applyFeedPage(db: LedgerDb, page: FeedPage, now: () => Date = () => new Date()): Promise<void> {
  await db.transaction('rw', db.customers, db.meta, async () => {
    for (const item of page.items) {
      // Only customers have a local table yet; other entities are skipped until their tables exist.
      if (item.entity !== 'customer') continue;
      if (item.op === 'upsert') await db.customers.put(customerRow(item.data));
      else await db.customers.delete(item.key);
    }
    await db.meta.put({ key: 'feed', cursor: page.cursor, appliedAt: now().toISOString() });
  });
}

export async function readCursor(db: LedgerDb): Promise<string | null> {
  return (await db.meta.get('feed'))?.cursor ?? null;
}
