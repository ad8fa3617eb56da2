import type { FeedEntity } from '../../lib/model';
import { TRANSACTION_ENTITIES, type SyncEntity } from '../providers/provider-client';
import type { RunContext } from './run-context';

/**
 * The periodic reconcile's cheap check: COUNT(*) per entity at the provider against the mirror's live records plus
 * the ones the last import skipped. A mismatch (a missed webhook, a deletion CDC no longer reports) → that entity
 * is imported again in full. One count query per entity; QBO meters reads, so this runs at the company's frequency.
 */
export async function inconsistentEntities(ctx: RunContext, entities: readonly SyncEntity[]): Promise<SyncEntity[]> {
  const progress = new Map((await ctx.store.syncState.progress(ctx.connection.id)).map((p) => [p.entity, p]));
  const out: SyncEntity[] = [];
  for (const entity of entities) {
    const remote = await ctx.sync.countRecords(ctx.auth, entity, {
      historicalFrom: TRANSACTION_ENTITIES.has(entity) ? ctx.settings.historicalFrom : null,
      signal: ctx.signal,
    });
    if (remote === null) continue; // no cheap count (Xero): its If-Modified-Since reads carry deletions instead
    const local = await ctx.store.mirror.countLive(ctx.connection.id, entity as FeedEntity);
    const skipped = progress.get(entity)?.skipped ?? 0;
    if (remote !== local && remote !== local + skipped) out.push(entity);
  }
  return out;
}
