import type { Db } from './db';

/** A provider-neutral change notice from a webhook: ids only (api-facts.md §1 Webhooks), fetched afterwards. */
export interface WebhookEvent {
  provider: string;
  companyId: string;
  /** The mirrored entity (lib/model FeedEntity) or the provider's own name when we do not mirror it. */
  entity: string;
  id: string;
  operation: 'create' | 'update' | 'delete' | 'merge' | 'void' | 'other';
  /** Provider time of the change when the payload says (QBO lastUpdated, CloudEvents time). */
  occurredAt: number | null;
  /** Dedupe key: the CloudEvents id, or (realm, entity, id, lastUpdated, operation) for legacy payloads. */
  key: string;
}

/**
 * The durable webhook queue (migration 3). Receivers only insert (fast, so the provider gets its 200 within 3 s);
 * the sync engine claims pending events per company. The primary key on event_key makes redelivered and duplicated
 * notifications a no-op, across every proxy process sharing the database.
 */
export function webhookEventsRepo(db: Db) {
  return {
    /** Returns how many were new. */
    async enqueue(events: readonly WebhookEvent[], now: number): Promise<number> {
      if (events.length === 0) return 0;
      const payload = events.map((e) => ({
        event_key: e.key.slice(0, 500),
        provider: e.provider,
        company_id: e.companyId,
        entity: e.entity,
        record_id: e.id,
        operation: e.operation,
        occurred_at: e.occurredAt === null ? null : new Date(e.occurredAt).toISOString(),
      }));
      const rows = await db.query(
        `INSERT INTO webhook_events (event_key, provider, company_id, entity, record_id, operation, occurred_at, received_at)
         SELECT r.event_key, r.provider, r.company_id, r.entity, r.record_id, r.operation, r.occurred_at::timestamptz, $2
         FROM jsonb_to_recordset($1::jsonb) AS r(event_key text, provider text, company_id text, entity text, record_id text,
                                               operation text, occurred_at text)
         ON CONFLICT (event_key) DO NOTHING
         RETURNING event_key`,
        [JSON.stringify(payload), new Date(now)],
      );
      return rows.length;
    },
    /** Claims (marks processed) up to `limit` pending events of one company; the caller fetches what they name. */
    async claim(provider: string, companyId: string, now: number, limit = 500): Promise<WebhookEvent[]> {
      const rows = await db.query(
        `UPDATE webhook_events SET processed_at = $3
         WHERE event_key IN (SELECT event_key FROM webhook_events
                             WHERE provider = $1 AND company_id = $2 AND processed_at IS NULL
                             ORDER BY received_at, event_key LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING *`,
        [provider, companyId, new Date(now), limit],
      );
      return rows.map((r) => ({
        provider: String(r.provider),
        companyId: String(r.company_id),
        entity: String(r.entity),
        id: String(r.record_id),
        operation: r.operation as WebhookEvent['operation'],
        occurredAt: r.occurred_at === null ? null : new Date(r.occurred_at as string).getTime(),
        key: String(r.event_key),
      }));
    },
    /** Gives claimed events back (the fetch failed; the next run retries them). */
    async release(keys: readonly string[]): Promise<void> {
      if (keys.length === 0) return;
      await db.query('UPDATE webhook_events SET processed_at = NULL WHERE event_key IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(keys)]);
    },
    /** Companies with pending events: the scheduler starts their sync. */
    async pendingCompanies(): Promise<{ provider: string; companyId: string }[]> {
      const rows = await db.query('SELECT DISTINCT provider, company_id FROM webhook_events WHERE processed_at IS NULL');
      return rows.map((r) => ({ provider: String(r.provider), companyId: String(r.company_id) }));
    },
    /** Processed events are kept a while only to recognise redeliveries (Intuit retries for days). */
    async purgeProcessed(before: number): Promise<void> {
      await db.query('DELETE FROM webhook_events WHERE processed_at IS NOT NULL AND received_at < $1', [new Date(before)]);
    },
  };
}
export type WebhookEventsRepo = ReturnType<typeof webhookEventsRepo>;
