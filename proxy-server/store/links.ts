import type { Link } from '../../lib/model';
import type { EventPublisher } from '../events/event-bus';
import { FEED_WRITE_LOCK } from './connections';
import { iso, type Db, type Queryable, type Row } from './db';
import { recordHash } from './mirror';

/**
 * The workspace's links (CRM record → provider customer), one per record key. Each change is also written into
 * mirror_records as entity 'link' with a fresh seq, in the same transaction, so every seat receives it through the
 * change feed (key `link:${recordKey}`, see mirror.ts feed()). The feed row uses provider 'link' and an empty company:
 * a link belongs to the workspace, and re-linking to another company must replace it, not add a second row.
 * Disconnecting a company deletes its links (FK cascade) and tombstones their feed rows (connections.ts).
 */
function toLink(row: Row): Link {
  return {
    recordKey: String(row.record_key),
    customerKey: String(row.customer_key),
    connectionId: String(row.connection_id),
    createdBySeatId: String(row.created_by_seat),
    createdAt: iso(row.created_at),
  };
}

async function writeFeedRow(tx: Queryable, workspaceId: string, recordKey: string, connectionId: string, link: Link | null, now: number) {
  await tx.query(
    `INSERT INTO mirror_records (workspace_id, provider, company_id, entity, record_id, connection_id, seq, hash, data, changed_at)
     VALUES ($1, 'link', '', 'link', $2, $3, nextval('mirror_seq'), $4, $5::jsonb, $6)
     ON CONFLICT (workspace_id, provider, company_id, entity, record_id) DO UPDATE
       SET seq = excluded.seq, hash = excluded.hash, data = excluded.data, connection_id = excluded.connection_id,
           changed_at = excluded.changed_at`,
    [workspaceId, recordKey, connectionId, link ? recordHash(link) : null, link ? JSON.stringify(link) : null, new Date(now)],
  );
}

export function linksRepo(db: Db, events: EventPublisher) {
  return {
    /** Creates or replaces the record's link; returns it, or null when the connection vanished meanwhile. */
    async put(workspaceId: string, link: Omit<Link, 'createdAt'>, now: number): Promise<Link | null> {
      const stored = await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${FEED_WRITE_LOCK})`);
        // FOR SHARE: a disconnect racing this link wins cleanly (no link row left pointing at a deleted connection).
        const alive = await tx.query('SELECT 1 FROM connections WHERE id = $1 AND workspace_id = $2 FOR SHARE', [
          link.connectionId,
          workspaceId,
        ]);
        if (alive.length === 0) return null;
        const rows = await tx.query(
          `INSERT INTO links (workspace_id, record_key, customer_key, connection_id, created_by_seat, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (workspace_id, record_key) DO UPDATE
             SET customer_key = excluded.customer_key, connection_id = excluded.connection_id,
                 created_by_seat = excluded.created_by_seat, created_at = excluded.created_at
           RETURNING *`,
          [workspaceId, link.recordKey, link.customerKey, link.connectionId, link.createdBySeatId, new Date(now)],
        );
        const saved = toLink(rows[0] as Row);
        await writeFeedRow(tx, workspaceId, saved.recordKey, saved.connectionId, saved, now);
        return saved;
      });
      if (stored) await events.publish({ type: 'feed', workspaceId });
      return stored;
    },
    /** Removes the link (a tombstone in the feed); false when there was none. */
    async remove(workspaceId: string, recordKey: string, now: number): Promise<boolean> {
      const removed = await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${FEED_WRITE_LOCK})`);
        const rows = await tx.query('DELETE FROM links WHERE workspace_id = $1 AND record_key = $2 RETURNING connection_id', [
          workspaceId,
          recordKey,
        ]);
        const row = rows[0];
        if (!row) return false;
        await writeFeedRow(tx, workspaceId, recordKey, String(row.connection_id), null, now);
        return true;
      });
      if (removed) await events.publish({ type: 'feed', workspaceId });
      return removed;
    },
    async list(workspaceId: string): Promise<Link[]> {
      const rows = await db.query('SELECT * FROM links WHERE workspace_id = $1 ORDER BY created_at, record_key', [workspaceId]);
      return rows.map(toLink);
    },
    async get(workspaceId: string, recordKey: string): Promise<Link | null> {
      const rows = await db.query('SELECT * FROM links WHERE workspace_id = $1 AND record_key = $2', [workspaceId, recordKey]);
      return rows[0] ? toLink(rows[0]) : null;
    },
  };
}
