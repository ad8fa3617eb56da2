import type { Clock } from '../clock';
import type { Store } from '../store';
import type { WebhookEvent } from '../store/webhook-events';
import type { SyncService } from '../sync/sync-service';

/**
 * What a verified webhook turns into: events queued durably (duplicates dropped by key), then one 'webhook' sync
 * per named company, started without waiting, so the HTTP reply goes out well inside Intuit's 3 s (Xero's 5 s).
 * The sync's single flight coalesces a burst of deliveries into at most one follow-up run per company.
 */
export interface WebhookReceiver {
  accept(events: readonly WebhookEvent[]): Promise<{ queued: number; companies: number }>;
}

export function createWebhookReceiver(deps: { store: Store; sync: SyncService; clock: Clock }): WebhookReceiver {
  return {
    async accept(events) {
      const known: WebhookEvent[] = [];
      const connectionIds = new Set<string>();
      const companies = new Map<string, string[]>();
      for (const event of events) {
        const key = `${event.provider}:${event.companyId}`;
        let ids = companies.get(key);
        if (!ids) {
          ids = (await deps.store.connections.findByCompany(event.provider, event.companyId)).map((c) => c.id);
          companies.set(key, ids);
        }
        // Events of companies no workspace here is connected to are acknowledged and dropped.
        if (ids.length === 0) continue;
        known.push(event);
        for (const id of ids) connectionIds.add(id);
      }
      const queued = await deps.store.webhookEvents.enqueue(known, deps.clock.now());
      if (queued > 0) for (const id of connectionIds) deps.sync.start(id, 'webhook');
      return { queued, companies: connectionIds.size };
    },
  };
}
