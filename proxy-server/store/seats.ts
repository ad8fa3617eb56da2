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

/**
 * Verified seat tokens are remembered briefly (issue 7's P6): every /v1 request authenticates, and a database round
 * trip per request was the largest per-request cost of the feed route after its page cache. Keyed by the token's
 * hash (never the token), bounded in size, and short-lived: a revoke in this process drops the seat's entries at
 * once; a revoke by another process (several proxies on one PostgreSQL) takes effect here within `ttlMs`.
 */
export interface SeatCacheOptions {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export const SEAT_CACHE_TTL_MS = 30_000;
export const SEAT_CACHE_MAX_ENTRIES = 10_000;

export function seatsRepo(db: Db, cacheOptions: SeatCacheOptions = {}) {
  const ttlMs = cacheOptions.ttlMs ?? SEAT_CACHE_TTL_MS;
  const maxEntries = cacheOptions.maxEntries ?? SEAT_CACHE_MAX_ENTRIES;
  const now = cacheOptions.now ?? Date.now;
  /** token hash → the active seat, and when the entry stops being trusted. Insertion order = age (oldest first). */
  const verified = new Map<string, { seat: Seat; expiresAt: number }>();
  /** Bumped by every revoke: a lookup that raced a revoke must not cache what it read before it. */
  let revocations = 0;
  const forgetSeat = (seatId: string) => {
    for (const [hash, entry] of verified) if (entry.seat.id === seatId) verified.delete(hash);
  };
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
      const cached = ttlMs > 0 ? verified.get(tokenHash) : undefined;
      if (cached) {
        if (cached.expiresAt > now()) return cached.seat;
        verified.delete(tokenHash);
      }
      const before = revocations;
      const rows = await db.query('SELECT * FROM seats WHERE token_hash = $1 AND revoked_at IS NULL', [tokenHash]);
      const seat = rows[0] ? toSeat(rows[0]) : null;
      // Only positive answers are kept: an unknown or revoked token always costs a lookup (and stays refused).
      if (seat && ttlMs > 0 && before === revocations) {
        verified.set(tokenHash, { seat, expiresAt: now() + ttlMs });
        for (const oldest of verified.keys()) {
          if (verified.size <= maxEntries) break;
          verified.delete(oldest);
        }
      }
      return seat;
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
    /** Another process revoked the seat (its `seat_revoked` event arrived): stop trusting cached entries now. */
    forget(seatId: string): void {
      revocations += 1;
      forgetSeat(seatId);
    },
    /** Events may have been missed (the bus reconnected): every cached entry is checked again. */
    forgetAll(): void {
      revocations += 1;
      verified.clear();
    },
    async revoke(seatId: string, at: number): Promise<boolean> {
      revocations += 1;
      forgetSeat(seatId);
      try {
        const rows = await db.query(
          'UPDATE seats SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id',
          [seatId, new Date(at)],
        );
        return rows.length > 0;
      } finally {
        // Again after the commit: a lookup that read the row before the UPDATE may have cached it meanwhile.
        revocations += 1;
        forgetSeat(seatId);
      }
    },
  };
}
