import type { ProxyClient } from '../proxy-client';
import type { LedgerDb } from '../db/schema';
import { singleFlight } from '../single-flight';
import { applyFeedPage, readCursor, type AppliedChanges } from './feed-applier';

export interface PullResult {
  pages: number;
  items: number;
}

/**
 * Pages GET /v1/feed from the stored cursor until hasMore=false, committing each page with its cursor
 * (applyFeedPage). Single-flight: concurrent callers share one pull plus at most one follow-up.
 */
export function createFeedPuller(deps: {
  db: LedgerDb;
  client: () => Promise<ProxyClient | null>;
  pageSize?: number;
  now?: () => Date;
  /** Called after each page that changed something, so open panels can re-query while a long sync runs. */
  onApplied?: (changes: AppliedChanges) => unknown;
  /** Called before the first page and after every page, with the items applied so far by this pull. */
  onProgress?: (itemsApplied: number, pulling: boolean) => unknown;
}): { pull: () => Promise<PullResult>; readonly busy: boolean } {
  const pull = singleFlight(async (): Promise<PullResult> => {
    const client = await deps.client();
    const result: PullResult = { pages: 0, items: 0 };
    if (!client) return result;
    try {
      for (;;) {
        const cursor = await readCursor(deps.db);
        const page = await client.feed({ cursor, limit: deps.pageSize ?? 500 });
        const changes = await applyFeedPage(deps.db, page, deps.now);
        result.pages += 1;
        result.items += page.items.length;
        if (page.items.length > 0) await deps.onApplied?.(changes);
        if (!page.hasMore) return result;
        await deps.onProgress?.(result.items, true);
      }
    } finally {
      await deps.onProgress?.(result.items, false);
    }
  });
  return {
    pull,
    get busy() {
      return pull.busy;
    },
  };
}
export type FeedPuller = ReturnType<typeof createFeedPuller>;
