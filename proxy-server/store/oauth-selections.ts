import { z } from 'zod';
import type { Provider } from '../../lib/model';
import { sha256Hex } from '../security/secrets';
import type { Db } from './db';

/** How long the "pick your organisations" page stays valid: as long as the OAuth state that led to it. */
export const SELECTION_TTL_MS = 10 * 60 * 1000;

const CompaniesSchema = z.array(z.object({ id: z.string(), name: z.string(), providerConnectionId: z.string().nullable() }));
export type SelectableCompany = z.infer<typeof CompaniesSchema>[number];

export interface OAuthSelection {
  workspaceId: string;
  seatId: string;
  provider: Provider;
  /** The stored grant (connection_tokens) the chosen companies will share. */
  grantId: string;
  companies: SelectableCompany[];
}

/**
 * One consent covering several companies (Xero organisations) waits here for the user's pick. The token is the form's
 * only credential: unguessable, single use, bound to the grant, expiring — a forged or replayed POST links nothing.
 */
export function oauthSelectionsRepo(db: Db) {
  return {
    async create(token: string, selection: OAuthSelection, now: number): Promise<void> {
      await db.query(
        `INSERT INTO oauth_selections (token_hash, workspace_id, seat_id, provider, grant_id, companies, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          sha256Hex(token),
          selection.workspaceId,
          selection.seatId,
          selection.provider,
          selection.grantId,
          JSON.stringify(selection.companies),
          new Date(now),
          new Date(now + SELECTION_TTL_MS),
        ],
      );
    },
    async consume(token: string, provider: Provider, now: number): Promise<OAuthSelection | null> {
      const rows = await db.query(
        `UPDATE oauth_selections SET used_at = $2
         WHERE token_hash = $1 AND provider = $3 AND used_at IS NULL AND expires_at > $2
         RETURNING workspace_id, seat_id, grant_id, companies`,
        [sha256Hex(token), new Date(now), provider],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        workspaceId: String(row.workspace_id),
        seatId: String(row.seat_id),
        provider,
        grantId: String(row.grant_id),
        companies: CompaniesSchema.parse(row.companies),
      };
    },
    /** Grants of selections nobody completed: returned so the caller can drop the ones no connection uses. */
    async purgeExpired(now: number): Promise<string[]> {
      const rows = await db.query('DELETE FROM oauth_selections WHERE expires_at <= $1 RETURNING grant_id', [new Date(now)]);
      return rows.map((r) => String(r.grant_id));
    },
  };
}
