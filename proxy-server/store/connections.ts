import { z } from 'zod';
import type { Connection, ConnectionStatus, Provider } from '../../lib/model';
import type { EventPublisher } from '../events/event-bus';
import type { ProviderTokens } from '../providers/provider-client';
import { randomId } from '../security/secrets';
import type { Vault } from '../security/vault';
import { iso, isoOrNull, type Db, type Queryable, type Row } from './db';

export interface ConnectionRecord extends Connection {
  workspaceId: string;
}

const ProgressSchema = z.object({ entity: z.string(), done: z.number(), total: z.number().nullable() });

function toConnection(row: Row): ConnectionRecord {
  const progress = ProgressSchema.safeParse(row.progress);
  return {
    id: String(row.id),
    workspaceId: String(row.workspace_id),
    provider: row.provider as Provider,
    companyId: String(row.company_id),
    companyName: String(row.company_name),
    currency: row.currency === null ? null : String(row.currency),
    status: row.status as ConnectionStatus,
    statusMessage: row.status_message === null ? null : String(row.status_message),
    progress: progress.success ? progress.data : null,
    lastSyncAt: isoOrNull(row.last_sync_at),
    createdAt: iso(row.created_at),
  };
}

/** The public view (lib/model Connection) of a stored connection. */
export function publicConnection(record: ConnectionRecord): Connection {
  const { workspaceId: _workspaceId, ...connection } = record;
  return connection;
}

const TokensSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1),
  accessExpiresAt: z.number(),
  refreshExpiresAt: z.number().nullable(),
});

export interface StoredTokens {
  tokens: ProviderTokens;
  version: number;
}

export function connectionsRepo(db: Db, vault: Vault, events: EventPublisher) {
  const tokenAad = (connectionId: string) => `connection_tokens:${connectionId}`;
  const repo = {
    /**
     * Creates the connection for (workspace, provider, company), or reuses it on reconnect, and stores the new
     * grant's tokens encrypted, in one transaction. A reconnect clears reconnect_required/error.
     */
    async upsertWithTokens(input: {
      workspaceId: string;
      provider: Provider;
      companyId: string;
      companyName: string;
      currency: string | null;
      seatId: string;
      tokens: ProviderTokens;
      now: number;
    }): Promise<ConnectionRecord> {
      const stored = await db.transaction(async (tx) => {
        const rows = await tx.query(
          `INSERT INTO connections (id, workspace_id, provider, company_id, company_name, currency, status,
                                    created_at, created_by_seat)
           VALUES ($1, $2, $3, $4, $5, $6, 'syncing', $7, $8)
           ON CONFLICT (workspace_id, provider, company_id) DO UPDATE
             SET company_name = excluded.company_name,
                 currency = COALESCE(excluded.currency, connections.currency),
                 status = 'syncing', status_message = NULL
           RETURNING *`,
          [
            randomId('conn'),
            input.workspaceId,
            input.provider,
            input.companyId,
            input.companyName,
            input.currency,
            new Date(input.now),
            input.seatId,
          ],
        );
        const connection = toConnection(rows[0] as Row);
        await tx.query(
          `INSERT INTO connection_tokens (connection_id, sealed, version, access_expires_at, updated_at)
           VALUES ($1, $2, 1, $3, $4)
           ON CONFLICT (connection_id) DO UPDATE
             SET sealed = excluded.sealed, version = connection_tokens.version + 1,
                 access_expires_at = excluded.access_expires_at, updated_at = excluded.updated_at`,
          [
            connection.id,
            vault.encrypt(JSON.stringify(input.tokens), tokenAad(connection.id)),
            new Date(input.tokens.accessExpiresAt),
            new Date(input.now),
          ],
        );
        return connection;
      });
      await events.publish({
        type: 'connections',
        workspaceId: stored.workspaceId,
        connectionId: stored.id,
        status: stored.status,
      });
      return stored;
    },

    async get(workspaceId: string, id: string): Promise<ConnectionRecord | null> {
      const rows = await db.query('SELECT * FROM connections WHERE id = $1 AND workspace_id = $2', [id, workspaceId]);
      return rows[0] ? toConnection(rows[0]) : null;
    },
    async getById(id: string): Promise<ConnectionRecord | null> {
      const rows = await db.query('SELECT * FROM connections WHERE id = $1', [id]);
      return rows[0] ? toConnection(rows[0]) : null;
    },
    async list(workspaceId: string): Promise<ConnectionRecord[]> {
      const rows = await db.query('SELECT * FROM connections WHERE workspace_id = $1 ORDER BY created_at, id', [
        workspaceId,
      ]);
      return rows.map(toConnection);
    },
    /** Every connection to one provider company (webhooks name the company, not the workspace). */
    async findByCompany(provider: string, companyId: string): Promise<ConnectionRecord[]> {
      const rows = await db.query('SELECT * FROM connections WHERE provider = $1 AND company_id = $2 ORDER BY created_at, id', [provider, companyId]);
      return rows.map(toConnection);
    },
    async listAll(): Promise<ConnectionRecord[]> {
      return (await db.query('SELECT * FROM connections ORDER BY created_at, id')).map(toConnection);
    },
    async setStatus(
      id: string,
      update: {
        status: ConnectionStatus;
        statusMessage?: string | null;
        progress?: Connection['progress'];
        lastSyncAt?: number;
        currency?: string;
      },
    ): Promise<void> {
      // The old status comes back with the new one, so only real transitions are announced (not every progress tick).
      const rows = await db.query(
        `WITH old AS (SELECT id, status FROM connections WHERE id = $1 FOR UPDATE)
         UPDATE connections SET status = $2, status_message = $3, progress = $4,
                last_sync_at = COALESCE($5, last_sync_at), currency = COALESCE(currency, $6)
         FROM old WHERE connections.id = old.id
         RETURNING connections.workspace_id, old.status AS old_status`,
        [
          id,
          update.status,
          update.statusMessage ?? null,
          update.progress ? JSON.stringify(update.progress) : null,
          update.lastSyncAt === undefined ? null : new Date(update.lastSyncAt),
          update.currency ?? null,
        ],
      );
      const row = rows[0];
      if (row && row.old_status !== update.status) {
        await events.publish({
          type: 'connections',
          workspaceId: String(row.workspace_id),
          connectionId: id,
          status: update.status,
        });
      }
    },

    /** `forUpdate` (inside a transaction) locks the row until commit: the cross-process refresh lock. */
    async getTokens(connectionId: string, tx: Queryable = db, options: { forUpdate?: boolean } = {}): Promise<StoredTokens | null> {
      const rows = await tx.query(
        `SELECT sealed, version FROM connection_tokens WHERE connection_id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [connectionId],
      );
      const row = rows[0];
      if (!row) return null;
      const tokens = TokensSchema.parse(JSON.parse(vault.decrypt(String(row.sealed), tokenAad(connectionId))));
      return { tokens, version: Number(row.version) };
    },
    /**
     * Compare-and-swap: writes the refreshed tokens only if nobody else did since `expectedVersion` was read.
     * Returns false when another refresher won (the caller re-reads theirs).
     */
    async saveTokens(connectionId: string, tokens: ProviderTokens, expectedVersion: number, now: number, tx: Queryable = db) {
      const rows = await tx.query(
        `UPDATE connection_tokens SET sealed = $2, version = version + 1, access_expires_at = $3, updated_at = $4
         WHERE connection_id = $1 AND version = $5 RETURNING version`,
        [
          connectionId,
          vault.encrypt(JSON.stringify(tokens), tokenAad(connectionId)),
          new Date(tokens.accessExpiresAt),
          new Date(now),
          expectedVersion,
        ],
      );
      return rows.length > 0;
    },

    /**
     * Removes the connection and its tokens, and turns every mirrored record into a tombstone with a fresh seq so
     * seats delete their copies. Returns how many records were tombstoned.
     */
    async deleteWithTombstones(connectionId: string, now: number): Promise<number> {
      const workspace = await db.query('SELECT workspace_id FROM connections WHERE id = $1', [connectionId]);
      const count = await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${FEED_WRITE_LOCK})`);
        const tombstoned = await tx.query(
          `UPDATE mirror_records SET seq = nextval('mirror_seq'), data = NULL, hash = NULL, changed_at = $2
           WHERE connection_id = $1 AND data IS NOT NULL RETURNING record_id`,
          [connectionId, new Date(now)],
        );
        await tx.query('DELETE FROM connections WHERE id = $1', [connectionId]);
        return tombstoned.length;
      });
      const workspaceId = workspace[0] ? String(workspace[0].workspace_id) : null;
      if (workspaceId) {
        await events.publish({ type: 'connections', workspaceId, connectionId, status: 'deleted' });
        if (count > 0) await events.publish({ type: 'feed', workspaceId });
      }
      return count;
    },
  };
  return repo;
}

/**
 * Feed writers take this transaction-scoped advisory lock, so seqs become visible in commit order: a reader can
 * never see seq N+1 committed while N is still in flight and then skip N with its cursor.
 */
export const FEED_WRITE_LOCK = 724002;
