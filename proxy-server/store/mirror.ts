import { createHash } from 'node:crypto';
import type { Customer, FeedEntity, FeedItem } from '../../lib/model';
import { linkFeedKey, recordKey } from '../../lib/model';
import { FEED_WRITE_LOCK } from './connections';
import type { EventPublisher } from '../events/event-bus';
import type { Db, Row } from './db';
import { stableJson } from './stable-json';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Hash of the normalized record: an unchanged record keeps its seq, so re-syncs do not flood the seats. */
export function recordHash(record: unknown): string {
  return sha256(stableJson(record).text);
}

/**
 * The rows of one upsert as the JSON array jsonb_to_recordset reads. A record's canonical form is both its hash
 * input and, being JSON of the record, the `data` sent: one serialization per record instead of two (issue 7's P3).
 */
function upsertPayload(records: readonly { id: string }[]): string {
  const rows: string[] = [];
  for (const record of records) {
    const canonical = stableJson(record);
    const data = canonical.json ? canonical.text : JSON.stringify(record);
    rows.push(`{"record_id":${JSON.stringify(record.id)},"hash":"${sha256(canonical.text)}","data":${data}}`);
  }
  return `[${rows.join(',')}]`;
}

/**
 * Records with their upsert payload already serialized and hashed: a full import prepares the next page on the main
 * thread while the store writes the previous one (sync/full-import.ts), since the hashing is pure CPU.
 */
export interface PreparedUpsert {
  readonly records: readonly { id: string; updatedAt?: string }[];
  readonly payload: string | null;
}

export function prepareUpsert(records: readonly { id: string; updatedAt?: string }[]): PreparedUpsert {
  return { records, payload: records.length === 0 ? null : upsertPayload(records) };
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

export interface MirrorRow<T = unknown> {
  id: string;
  data: T;
}

export function mirrorRepo(db: Db, events: EventPublisher) {
  // After commit, never inside the transaction: a seat told about a seq must be able to read it.
  const changed = async (workspaceId: string, count: number) => {
    if (count > 0) await events.publish({ type: 'feed', workspaceId });
    return count;
  };
  const repo = {
    /**
     * Upserts records of one entity; only records whose hash changed get a new seq. Returns how many changed.
     * Out-of-order writes cannot regress a record: an incoming copy older than the stored one (updatedAt, the
     * provider's LastUpdatedTime) is ignored — a late webhook fetch or an overlapping CDC window lands here.
     * `importMark` tags every record of a full import (changed or not) so tombstoneUnmarked can run after a restart.
     */
    upsertRecords(
      scope: MirrorScope,
      entity: FeedEntity,
      records: readonly { id: string; updatedAt?: string }[],
      now: number,
      options: { importMark?: string; markIds?: readonly string[] } = {},
    ): Promise<number> {
      return repo.upsertPrepared(scope, entity, prepareUpsert(records), now, options);
    },
    /** upsertRecords, of records prepareUpsert has already serialized and hashed (a full import's next page). */
    async upsertPrepared(
      scope: MirrorScope,
      entity: FeedEntity,
      { records, payload }: PreparedUpsert,
      now: number,
      options: { importMark?: string; markIds?: readonly string[] } = {},
    ): Promise<number> {
      if (records.length === 0 && (options.markIds ?? []).length === 0) return 0;
      const count = await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${FEED_WRITE_LOCK})`);
        // Only write when the connection still exists: a disconnect that raced this page wins.
        const alive = await tx.query('SELECT 1 FROM connections WHERE id = $1 FOR SHARE', [scope.connectionId]);
        if (alive.length === 0) return 0;
        const rows =
          payload === null
            ? []
            : await tx.query(
                `INSERT INTO mirror_records (workspace_id, provider, company_id, entity, record_id, connection_id, seq, hash,
                                             data, changed_at, import_mark)
                 SELECT $1, $2, $3, $7, r.record_id, $4, nextval('mirror_seq'), r.hash, r.data, $6, $8
                 FROM jsonb_to_recordset($5::jsonb) AS r(record_id text, hash text, data jsonb)
                 ON CONFLICT (workspace_id, provider, company_id, entity, record_id) DO UPDATE
                   SET seq = excluded.seq, hash = excluded.hash, data = excluded.data,
                       connection_id = excluded.connection_id, changed_at = excluded.changed_at,
                       import_mark = COALESCE(excluded.import_mark, mirror_records.import_mark)
                   WHERE mirror_records.hash IS DISTINCT FROM excluded.hash
                     AND (mirror_records.data IS NULL
                          OR COALESCE(excluded.data->>'updatedAt', '') >= COALESCE(mirror_records.data->>'updatedAt', ''))
                 RETURNING record_id`,
                [scope.workspaceId, scope.provider, scope.companyId, scope.connectionId, payload, new Date(now), entity, options.importMark ?? null],
              );
        // Rows the INSERT wrote carry the mark already; the rest (unchanged, or older than the stored copy) and the
        // skipped records' ids get it here. A first import writes every row, so this is usually empty.
        const written = new Set(rows.map((r) => String(r.record_id)));
        const markIds = options.importMark ? [...records.map((r) => r.id).filter((id) => !written.has(id)), ...(options.markIds ?? [])] : [];
        if (markIds.length > 0) {
          // By primary key (an index probe per id): matching on (connection_id, entity) read every record of the
          // entity once per page, quadratic over an import (issue 7's P3).
          await tx.query(
            `UPDATE mirror_records SET import_mark = $6
             WHERE workspace_id = $1 AND provider = $2 AND company_id = $3 AND entity = $4 AND record_id = ANY($5::text[])
               AND connection_id = $7 AND import_mark IS DISTINCT FROM $6`,
            [scope.workspaceId, scope.provider, scope.companyId, entity, markIds, options.importMark, scope.connectionId],
          );
        }
        return rows.length;
      });
      return changed(scope.workspaceId, count);
    },
    /** Upserts customers (kept for callers of the customer-only mirror). */
    upsertCustomers(scope: MirrorScope, customers: readonly Customer[], now: number): Promise<number> {
      return repo.upsertRecords(scope, 'customer', customers, now);
    },
    /** After a full import: records the provider no longer returned become tombstones. */
    async tombstoneMissing(scope: MirrorScope, seenIds: readonly string[], now: number, entity: FeedEntity = 'customer'): Promise<number> {
      return tombstoneWhere(scope, entity, now, `record_id NOT IN (SELECT jsonb_array_elements_text($4::jsonb))`, [JSON.stringify(seenIds)]);
    },
    /** After a full import that may have spanned restarts: live records its pages never marked become tombstones. */
    async tombstoneUnmarked(scope: MirrorScope, entity: FeedEntity, importMark: string, importStartedAt: number, now: number): Promise<number> {
      // Records written after the import began (webhooks, CDC) are newer than anything it could have missed.
      return tombstoneWhere(scope, entity, now, `import_mark IS DISTINCT FROM $4 AND changed_at < $5`, [importMark, new Date(importStartedAt)]);
    },
    /** Deletions the provider reported (CDC, webhooks, a record gone on fetch). */
    async tombstoneIds(scope: MirrorScope, entity: FeedEntity, ids: readonly string[], now: number): Promise<number> {
      if (ids.length === 0) return 0;
      return tombstoneWhere(scope, entity, now, `record_id IN (SELECT jsonb_array_elements_text($4::jsonb))`, [JSON.stringify(ids)]);
    },
    /** Every live record of an entity, optionally only some ids (overdue derivation, consistency checks). */
    async liveRecords<T = unknown>(connectionId: string, entity: FeedEntity, ids?: readonly string[]): Promise<MirrorRow<T>[]> {
      const rows = await db.query(
        `SELECT record_id, data FROM mirror_records WHERE connection_id = $1 AND entity = $2 AND data IS NOT NULL
           AND ($3::jsonb IS NULL OR record_id IN (SELECT jsonb_array_elements_text($3::jsonb)))
         ORDER BY record_id`,
        [connectionId, entity, ids ? JSON.stringify(ids) : null],
      );
      return rows.map((r) => ({ id: String(r.record_id), data: r.data as T }));
    },
    /** Open invoices (customer, balance, due date) for the overdue derivation, of some customers or all. */
    async openInvoices(connectionId: string, customerIds?: readonly string[]) {
      const rows = await db.query(
        `SELECT data->>'customerId' AS customer_id, data->>'balance' AS balance, data->>'dueDate' AS due_date
         FROM mirror_records WHERE connection_id = $1 AND entity = 'invoice' AND data IS NOT NULL
           AND data->>'status' = 'open'
           AND ($2::jsonb IS NULL OR data->>'customerId' IN (SELECT jsonb_array_elements_text($2::jsonb)))`,
        [connectionId, customerIds ? JSON.stringify(customerIds) : null],
      );
      return rows.map((r) => ({
        customerId: String(r.customer_id),
        balance: String(r.balance),
        dueDate: r.due_date === null ? null : String(r.due_date),
      }));
    },
    /** The highest seq of the workspace's feed (0 when empty): what GET /v1/events announces. */
    async latestSeq(workspaceId: string): Promise<bigint> {
      const rows = await db.query(
        'SELECT COALESCE(max(seq), 0)::text AS seq_text FROM mirror_records WHERE workspace_id = $1',
        [workspaceId],
      );
      return BigInt(String(rows[0]?.seq_text ?? '0'));
    },
    /** The change feed after `afterSeq`, ordered by seq, every entity. */
    async feed(workspaceId: string, afterSeq: bigint, limit: number): Promise<FeedRows> {
      const rows = await db.query<Row>(
        `SELECT seq::text AS seq_text, provider, company_id, entity, record_id, connection_id, data
         FROM mirror_records WHERE workspace_id = $1 AND seq > $2 ORDER BY mirror_records.seq LIMIT $3`,
        [workspaceId, afterSeq.toString(), limit + 1],
      );
      const page = rows.slice(0, limit);
      const items = page.map((row): FeedItem => {
        const entity = String(row.entity) as FeedEntity;
        // Links are keyed by the CRM record, not by a provider record (lib/model/link.ts; store/links.ts writes them).
        const key =
          entity === 'link'
            ? linkFeedKey(String(row.record_id))
            : recordKey({ provider: String(row.provider), companyId: String(row.company_id), id: String(row.record_id) });
        return row.data === null
          ? { op: 'delete', entity, key, connectionId: String(row.connection_id) }
          : ({ op: 'upsert', entity, key, data: row.data } as FeedItem);
      });
      const last = page.at(-1);
      return { items, lastSeq: last ? BigInt(String(last.seq_text)) : null, hasMore: rows.length > limit };
    },
    /** Live records of the connection, of one entity or all. */
    async countLive(connectionId: string, entity?: FeedEntity): Promise<number> {
      const rows = await db.query(
        'SELECT count(*)::int AS n FROM mirror_records WHERE connection_id = $1 AND data IS NOT NULL AND ($2::text IS NULL OR entity = $2)',
        [connectionId, entity ?? null],
      );
      return Number(rows[0]?.n ?? 0);
    },
  };

  async function tombstoneWhere(scope: MirrorScope, entity: FeedEntity, now: number, condition: string, extra: unknown[]): Promise<number> {
    const count = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${FEED_WRITE_LOCK})`);
      const rows = await tx.query(
        `UPDATE mirror_records SET seq = nextval('mirror_seq'), data = NULL, hash = NULL, changed_at = $3
         WHERE connection_id = $1 AND entity = $2 AND data IS NOT NULL AND ${condition}
         RETURNING record_id`,
        [scope.connectionId, entity, new Date(now), ...extra],
      );
      return rows.length;
    });
    return changed(scope.workspaceId, count);
  }
  return repo;
}
