import type { Provider } from '../../lib/model';
import { sha256Hex } from '../security/secrets';
import type { Db } from './db';

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export interface OAuthStateBinding {
  workspaceId: string;
  seatId: string;
  provider: Provider;
  /** A reconnect names the connection whose tokens the new grant replaces (migration 5). */
  connectionId?: string | null;
}

export function oauthStatesRepo(db: Db) {
  return {
    async create(state: string, binding: OAuthStateBinding, now: number): Promise<string> {
      const expiresAt = new Date(now + OAUTH_STATE_TTL_MS);
      await db.query(
        `INSERT INTO oauth_states (state_hash, workspace_id, seat_id, provider, created_at, expires_at, connection_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [sha256Hex(state), binding.workspaceId, binding.seatId, binding.provider, new Date(now), expiresAt, binding.connectionId ?? null],
      );
      return expiresAt.toISOString();
    },
    /** Single use: consuming marks it used; unknown, expired, replayed or other-provider states yield null. */
    async consume(state: string, provider: Provider, now: number): Promise<OAuthStateBinding | null> {
      const rows = await db.query(
        `UPDATE oauth_states SET used_at = $2
         WHERE state_hash = $1 AND provider = $3 AND used_at IS NULL AND expires_at > $2
         RETURNING workspace_id, seat_id, provider, connection_id`,
        [sha256Hex(state), new Date(now), provider],
      );
      const row = rows[0];
      return row
        ? {
            workspaceId: String(row.workspace_id),
            seatId: String(row.seat_id),
            provider,
            connectionId: row.connection_id === null || row.connection_id === undefined ? null : String(row.connection_id),
          }
        : null;
    },
  };
}
