import { createHash } from 'node:crypto';
import type { Customer, FeedItem } from '../../lib/model';
import { recordKey } from '../../lib/model';
import { FEED_WRITE_LOCK } from './connections';
import type { EventPublisher } from '../events/event-bus';
import type { Db, Row } from './db';

/** Hash of the normalized record: an unchanged record keeps its seq, so re-syncs do not flood the seats. */
export function recordHash(record: unknown): string {
  return createHash('sha256').update(stableStringify(record)).digest('hex');
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface MirrorScope {
  workspaceId: string;
  connectionId: string;
  provider: string;
  companyId: string;
}

export interface FeedRows {
  items: FeedItem[];
  lastSeq: bigint | null;
  hasMore: boolean;
}

export function mirrorRepo(db: Db, events: EventPublisher) {
  // After commit, never inside the transaction: a seat told about a seq must be able to read it.
  const changed = async (workspaceId: string, count: number) => {
    if (count > 0) await events.publish({ type: 'feed', workspaceId });
    return count;
  };
  return {
    /** Upserts customers; only records whose hash changed get a new seq. Returns how many changed. */
    async upsertCustomers(scope: MirrorScope, customers: readonly Customer[], now: number): Promise<number> {
      if (customers.length === 0) return 0;
      const payload = customers.map((c) => ({ record_id: c.id, hash: recordHash(c), data: c }));
      const count = await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${FEED_WRITE_LOCK})`);
        // Only write when the connection still exists: a disconnect that raced this page wins.
        const alive = await tx.query('SELECT 1 FROM connections WHERE id = $1 FOR SHARE', [scope.connectionId]);
        if (alive.length === 0) return 0;
        const rows = await tx.query(
          `INSERT INTO mirror_records (workspace_id, provider, company_id, entity, record_id, connection_id, seq, hash,
                                       data, changed_at)
           SELECT $1, $2, $3, 'customer', r.record_id, $4, nextval('mirror_seq'), r.hash, r.data, $6
           FROM jsonb_to_recordset($5::jsonb) AS r(record_id text, hash text, data jsonb)
           ON CONFLICT (workspace_id, provider, company_id, entity, record_id) DO UPDATE
             SET seq = excluded.seq, hash = excluded.hash, data = excluded.data,
                 connection_id = excluded.connection_id, changed_at = excluded.changed_at
             WHERE mirror_records.hash IS DISTINCT FROM excluded.hash
           RETURNING record_id`,
          [scope.workspaceId, scope.provider, scope.companyId, scope.connectionId, JSON.stringify(payload), new Date(now)],
        );
        return rows.length;
      });
      return changed(scope.workspaceId, count);
    },
    /** After a full import: records the provider no longer returned become tombstones. */
    async tombstoneMissing(scope: MirrorScope, seenIds: readonly string[], now: number): Promise<number> {
      const count = await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${FEED_WRITE_LOCK})`);
        const rows = await tx.query(
          `UPDATE mirror_records SET seq = nextval('mirror_seq'), data = NULL, hash = NULL, changed_at = $3
           WHERE connection_id = $1 AND entity = 'customer' AND data IS NOT NULL
             AND record_id NOT IN (SELECT jsonb_array_elements_text($2::jsonb))
           RETURNING record_id`,
          [scope.connectionId, JSON.stringify(seenIds), new Date(now)],
        );
        return rows.length;
      });
      return changed(scope.workspaceId, count);
    },
    /** The highest seq of the workspace's feed (0 when empty): what GET /v1/events announces. */
    async latestSeq(workspaceId: string): Promise<bigint> {
      const rows = await db.query(
        'SELECT COALESCE(max(seq), 0)::text AS seq_text FROM mirror_records WHERE workspace_id = $1',
        [workspaceId],
      );
      return BigInt(String(rows[0]?.seq_text ?? '0'));
    },
    /** The change feed after `afterSeq`, ordered by seq. */
    async feed(workspaceId: string, afterSeq: bigint, limit: number): Promise<FeedRows> {
      const rows = await db.query<Row>(
        `SELECT seq::text AS seq_text, provider, company_id, entity, record_id, connection_id, data
         FROM mirror_records WHERE workspace_id = $1 AND seq > $2 ORDER BY mirror_records.seq LIMIT $3`,
        [workspaceId, afterSeq.toString(), limit + 1],
      );
      const page = rows.slice(0, limit);
      const items = page.map((row): FeedItem => {
        const key = recordKey({
          provider: String(row.provider),
          companyId: String(row.company_id),
          id: String(row.record_id),
        });
        return row.data === null
          ? { op: 'delete', entity: 'customer', key, connectionId: String(row.connection_id) }
          : { op: 'upsert', entity: 'customer', key, data: row.data as Customer };
      });
      const last = page.at(-1);
      return { items, lastSeq: last ? BigInt(String(last.seq_text)) : null, hasMore: rows.length > limit };
    },
    async countLive(connectionId: string): Promise<number> {
      const rows = await db.query(
        'SELECT count(*)::int AS n FROM mirror_records WHERE connection_id = $1 AND data IS NOT NULL',
        [connectionId],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };
}
