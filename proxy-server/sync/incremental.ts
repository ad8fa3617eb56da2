import { ChangeWindowTooDense, collectChanges } from './change-windows';
import { applyChanges } from './apply-changes';
import type { RunContext } from './run-context';
import type { SyncEntity } from '../providers/provider-client';

/** Overlap re-read at each checkpoint: changes stamped in the checkpoint's own second are not lost (hashes dedupe). */
const CHECKPOINT_OVERLAP_MS = 1000;
/** Start a full reconcile a day before the provider's look-back runs out (QBO CDC: 30 days, api-facts.md §1). */
const LOOKBACK_MARGIN_MS = 24 * 60 * 60 * 1000;

export type IncrementalResult = { ok: true } | { ok: false; reimport: SyncEntity[] };

/** Changes since the last complete checkpoint, split while capped; deletions become tombstones. */
export async function incremental(ctx: RunContext, entities: readonly SyncEntity[], changedSince: number): Promise<IncrementalResult> {
  const now = ctx.clock.now();
  if (now - changedSince > ctx.sync.maxLookbackMs - LOOKBACK_MARGIN_MS) return { ok: false, reimport: [...entities] };
  try {
    const collected = await collectChanges(
      (list, window) => ctx.sync.changes(ctx.auth, list, window, { homeCurrency: ctx.connection.currency, signal: ctx.signal }),
      entities,
      { from: changedSince, to: null },
      { now },
    );
    await applyChanges(ctx, collected);
    await ctx.store.syncState.saveCursor(ctx.connection.id, { changedSince: collected.checkpoint - CHECKPOINT_OVERLAP_MS }, now);
    return { ok: true };
  } catch (error) {
    if (error instanceof ChangeWindowTooDense) return { ok: false, reimport: [error.entity] };
    throw error;
  }
}
