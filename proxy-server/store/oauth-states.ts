import type { Provider } from '../../lib/model';
import { sha256Hex } from '../security/secrets';
import type { Db } from './db';

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export interface OAuthStateBinding {
  workspaceId: string;
  seatId: string;
  provider: Provider;
}

export function oauthStatesRepo(db: Db) {
  return {
    async create(state: string, binding: OAuthStateBinding, now: number): Promise<string> {
      const expiresAt = new Date(now + OAUTH_STATE_TTL_MS);
      await db.query(
        `INSERT INTO oauth_states (state_hash, workspace_id, seat_id, provider, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [sha256Hex(state), binding.workspaceId, binding.seatId, binding.provider, new Date(now), expiresAt],
      );
      return expiresAt.toISOString();
    },
    /** Single use: consuming marks it used; unknown, expired, replayed or other-provider states yield null. */
    async consume(state: string, provider: Provider, now: number): Promise<OAuthStateBinding | null> {
      const rows = await db.query(
        `UPDATE oauth_states SET used_at = $2
         WHERE state_hash = $1 AND provider = $3 AND used_at IS NULL AND expires_at > $2
         RETURNING workspace_id, seat_id, provider`,
        [sha256Hex(state), new Date(now), provider],
      );
      const row = rows[0];
      return row ? { workspaceId: String(row.workspace_id), seatId: String(row.seat_id), provider } : null;
    },
  };
}
