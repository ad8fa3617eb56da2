import {
  PAIRING_CODE_TTL_MS,
  generatePairingCode,
  normalizePairingCode,
  sha256Hex,
} from '../security/secrets';
import type { Db, Queryable } from './db';

export function pairingCodesRepo(db: Db) {
  return {
    /** Issues a fresh one-time code; only its hash is stored. */
    async issue(workspaceId: string, now: number): Promise<{ code: string; expiresAt: string }> {
      const code = generatePairingCode();
      const expiresAt = new Date(now + PAIRING_CODE_TTL_MS);
      await db.query(
        'INSERT INTO pairing_codes (code_hash, workspace_id, created_at, expires_at) VALUES ($1, $2, $3, $4)',
        [sha256Hex(normalizePairingCode(code)), workspaceId, new Date(now), expiresAt],
      );
      return { code, expiresAt: expiresAt.toISOString() };
    },
    /**
     * Marks the code used and returns its workspace, atomically: of two concurrent redemptions only one wins.
     * Null for unknown, expired or already used codes (the caller does not learn which).
     */
    async redeem(tx: Queryable, input: string, now: number): Promise<string | null> {
      const rows = await tx.query(
        `UPDATE pairing_codes SET used_at = $2
         WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING workspace_id`,
        [sha256Hex(normalizePairingCode(input)), new Date(now)],
      );
      return rows[0] ? String(rows[0].workspace_id) : null;
    },
    async purgeExpired(now: number): Promise<void> {
      await db.query('DELETE FROM pairing_codes WHERE expires_at < $1', [new Date(now - PAIRING_CODE_TTL_MS)]);
    },
  };
}
