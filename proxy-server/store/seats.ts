import type { Seat } from '../../lib/model';
import { randomId } from '../security/secrets';
import { iso, isoOrNull, type Db, type Row } from './db';

export interface SeatRecord extends Seat {
  revokedAt: string | null;
}

function toSeat(row: Row): Seat {
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    name: String(row.name),
    role: row.role === 'owner' ? 'owner' : 'member',
    createdAt: iso(row.created_at),
  };
}

export function seatsRepo(db: Db) {
  return {
    /** Creates a seat; the workspace's first seat is its owner. Serialized per workspace by a row lock. */
    async create(input: { workspaceId: string; name: string; tokenHash: string; now: number }): Promise<Seat> {
      return db.transaction(async (tx) => {
        await tx.query('SELECT id FROM workspaces WHERE id = $1 FOR UPDATE', [input.workspaceId]);
        const existing = await tx.query('SELECT 1 FROM seats WHERE workspace_id = $1 LIMIT 1', [input.workspaceId]);
        const rows = await tx.query(
          `INSERT INTO seats (id, workspace_id, name, role, token_hash, created_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [
            randomId('seat'),
            input.workspaceId,
            input.name,
            existing.length === 0 ? 'owner' : 'member',
            input.tokenHash,
            new Date(input.now),
          ],
        );
        return toSeat(rows[0] as Row);
      });
    },
    async findActiveByTokenHash(tokenHash: string): Promise<Seat | null> {
      const rows = await db.query('SELECT * FROM seats WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
      return rows[0] ? toSeat(rows[0]) : null;
    },
    /** Every seat of the workspace, revoked ones included (the owner sees who was removed and when). */
    async list(workspaceId: string): Promise<SeatRecord[]> {
      const rows = await db.query("SELECT * FROM seats WHERE workspace_id = $1 ORDER BY (role = 'owner') DESC, created_at, id", [workspaceId]);
      return rows.map((row) => ({ ...toSeat(row), revokedAt: isoOrNull(row.revoked_at) }));
    },
    async get(workspaceId: string, seatId: string): Promise<SeatRecord | null> {
      const rows = await db.query('SELECT * FROM seats WHERE id = $1 AND workspace_id = $2', [seatId, workspaceId]);
      return rows[0] ? { ...toSeat(rows[0]), revokedAt: isoOrNull(rows[0].revoked_at) } : null;
    },
    async revoke(seatId: string, now: number): Promise<boolean> {
      const rows = await db.query(
        'UPDATE seats SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
        [seatId, new Date(now)],
      );
      return rows.length > 0;
    },
  };
}
