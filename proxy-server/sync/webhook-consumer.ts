import type { SyncEntity } from '../providers/provider-client';
import { applyChanges, type Changes } from './apply-changes';
import type { RunContext } from './run-context';

/**
 * Turns the company's queued webhook events into targeted fetches (payloads carry ids only, api-facts.md §1):
 * one `WHERE Id IN (…)` read per entity batch. Every event — create, update, delete, merge — is answered by reading
 * the record's current state, so out-of-order or duplicated deliveries cannot regress it: a record the provider
 * no longer has becomes a tombstone, and the mirror refuses copies older than the one it holds.
 */
export async function consumeWebhookEvents(ctx: RunContext, entities: readonly SyncEntity[]): Promise<number> {
  const { store, connection } = ctx;
  let handled = 0;
  for (;;) {
    const events = await store.webhookEvents.claim(connection.provider, connection.companyId, ctx.clock.now());
    if (events.length === 0) return handled;
    handled += events.length;
    try {
      const ids = new Map<SyncEntity, Set<string>>();
      for (const event of events) {
        const entity = event.entity as SyncEntity;
        if (!entities.includes(entity)) continue;
        ids.set(entity, (ids.get(entity) ?? new Set()).add(event.id));
      }
      const changes: Changes = { records: [], deleted: [], skipped: [] };
      for (const [entity, set] of ids) {
        const fetched = await ctx.sync.fetchByIds(ctx.auth, entity, [...set], { homeCurrency: connection.currency, signal: ctx.signal });
        changes.records.push(...fetched.records.map((record) => ({ entity, record })));
        changes.deleted.push(...fetched.missing.map((id) => ({ entity, id })));
        changes.skipped.push(...fetched.skipped);
      }
      await applyChanges(ctx, changes);
    } catch (error) {
      await store.webhookEvents.release(events.map((e) => e.key)); // the next run retries them
      throw error;
    }
  }
}
