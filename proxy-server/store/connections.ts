import { z } from 'zod';
import type { Connection, ConnectionStatus, Provider } from '../../lib/model';
import type { EventPublisher } from '../events/event-bus';
import type { ProviderTokens } from '../providers/provider-client';
import { randomId } from '../security/secrets';
import type { Vault } from '../security/vault';
import { iso, isoOrNull, type Db, type Queryable, type Row } from './db';

export interface ConnectionRecord extends Connection {
  workspaceId: string;
  /** The OAuth grant whose tokens this connection uses (several Xero organisations can share one; migration 5). */
  grantId: string;
  /** Xero: the organisation's ShortCode, for deep links. */
  shortCode: string | null;
  /** Xero: its own id for this organisation's connection (DELETE /connections/{id}). */
  providerConnectionId: string | null;
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
    grantId: String(row.grant_id ?? row.id),
    shortCode: row.short_code === null || row.short_code === undefined ? null : String(row.short_code),
    providerConnectionId:
      row.provider_connection_id === null || row.provider_connection_id === undefined ? null : String(row.provider_connection_id),
  };
}

/** The public view (lib/model Connection) of a stored connection. */
export function publicConnection(record: ConnectionRecord): Connection {
  const { workspaceId: _workspaceId, grantId: _grantId, shortCode: _shortCode, providerConnectionId: _pc, ...connection } = record;
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
  grantId: string;
}

export function connectionsRepo(db: Db, vault: Vault, events: EventPublisher) {
  // Bound to the grant id; grants migrated from per-connection tokens have the connection's id (migration 5).
  const tokenAad = (grantId: string) => `connection_tokens:${grantId}`;
  const sealTokens = (grantId: string, tokens: ProviderTokens) => vault.encrypt(JSON.stringify(tokens), tokenAad(grantId));

  async function writeGrant(tx: Queryable, grantId: string, tokens: ProviderTokens, now: number): Promise<void> {
    await tx.query(
      `INSERT INTO connection_tokens (grant_id, sealed, version, access_expires_at, updated_at)
       VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (grant_id) DO UPDATE
         SET sealed = excluded.sealed, version = connection_tokens.version + 1,
             access_expires_at = excluded.access_expires_at, updated_at = excluded.updated_at`,
      [grantId, sealTokens(grantId, tokens), new Date(tokens.accessExpiresAt), new Date(now)],
    );
  }
  /** A grant no connection uses any more (its last organisation disconnected, or a reconnect replaced it) goes. */
  async function dropGrantIfUnused(tx: Queryable, grantId: string): Promise<void> {
    await tx.query('DELETE FROM connection_tokens WHERE grant_id = $1 AND NOT EXISTS (SELECT 1 FROM connections WHERE grant_id = $1)', [grantId]);
  }

  const repo = {
    /**
     * Creates the connection for (workspace, provider, company), or reuses it on reconnect (same id, links and
     * mirror), and points it at the grant whose tokens are stored (encrypted) in the same transaction. A reconnect
     * clears reconnect_required/error; the grant it leaves is deleted when no other connection uses it.
     * `grantId` joins an existing grant (several organisations of one Xero consent); without it a new one is made.
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
      grantId?: string;
      shortCode?: string | null;
      providerConnectionId?: string | null;
    }): Promise<ConnectionRecord> {
      const stored = await db.transaction(async (tx) => {
        const grantId = input.grantId ?? randomId('grant');
        await writeGrant(tx, grantId, input.tokens, input.now);
        const previous = await tx.query('SELECT grant_id FROM connections WHERE workspace_id = $1 AND provider = $2 AND company_id = $3', [
          input.workspaceId,
          input.provider,
          input.companyId,
        ]);
        const rows = await tx.query(
          `INSERT INTO connections (id, workspace_id, provider, company_id, company_name, currency, status,
                                    created_at, created_by_seat, grant_id, short_code, provider_connection_id)
           VALUES ($1, $2, $3, $4, $5, $6, 'syncing', $7, $8, $9, $10, $11)
           ON CONFLICT (workspace_id, provider, company_id) DO UPDATE
             SET company_name = excluded.company_name,
                 currency = COALESCE(excluded.currency, connections.currency),
                 status = 'syncing', status_message = NULL, grant_id = excluded.grant_id,
                 short_code = COALESCE(excluded.short_code, connections.short_code),
                 provider_connection_id = COALESCE(excluded.provider_connection_id, connections.provider_connection_id)
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
            grantId,
            input.shortCode ?? null,
            input.providerConnectionId ?? null,
          ],
        );
        const old = previous[0]?.grant_id;
        if (old !== undefined && old !== null && String(old) !== grantId) await dropGrantIfUnused(tx, String(old));
        return toConnection(rows[0] as Row);
      });
      await events.publish({
        type: 'connections',
        workspaceId: stored.workspaceId,
        connectionId: stored.id,
        status: stored.status,
      });
      return stored;
    },

    /** Stores a grant no connection uses yet (a consent waiting for the user to pick organisations). */
    async storeGrant(tokens: ProviderTokens, now: number): Promise<string> {
      const grantId = randomId('grant');
      await writeGrant(db, grantId, tokens, now);
      return grantId;
    },
    async dropGrantIfUnused(grantId: string): Promise<void> {
      await dropGrantIfUnused(db, grantId);
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
    /** The connections sharing a grant (a Xero consent's organisations): they live and die with its tokens. */
    async listByGrant(grantId: string): Promise<ConnectionRecord[]> {
      return (await db.query('SELECT * FROM connections WHERE grant_id = $1 ORDER BY created_at, id', [grantId])).map(toConnection);
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

    /** The connection's grant tokens; `forUpdate` (inside a transaction) locks the GRANT row: the cross-process refresh lock. */
    async getTokens(connectionId: string, tx: Queryable = db, options: { forUpdate?: boolean } = {}): Promise<StoredTokens | null> {
      const rows = await tx.query('SELECT grant_id FROM connections WHERE id = $1', [connectionId]);
      const grantId = rows[0]?.grant_id;
      if (grantId === undefined || grantId === null) return null;
      return repo.getGrantTokens(String(grantId), tx, options);
    },
    async getGrantTokens(grantId: string, tx: Queryable = db, options: { forUpdate?: boolean } = {}): Promise<StoredTokens | null> {
      const rows = await tx.query(
        `SELECT sealed, version FROM connection_tokens WHERE grant_id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
        [grantId],
      );
      const row = rows[0];
      if (!row) return null;
      const tokens = TokensSchema.parse(JSON.parse(vault.decrypt(String(row.sealed), tokenAad(grantId))));
      return { tokens, version: Number(row.version), grantId };
    },
    /**
     * Compare-and-swap on the grant: writes the refreshed tokens only if nobody else did since `expectedVersion` was
     * read. Returns false when another refresher won (the caller re-reads theirs).
     */
    async saveGrantTokens(grantId: string, tokens: ProviderTokens, expectedVersion: number, now: number, tx: Queryable = db) {
      const rows = await tx.query(
        `UPDATE connection_tokens SET sealed = $2, version = version + 1, access_expires_at = $3, updated_at = $4
         WHERE grant_id = $1 AND version = $5 RETURNING version`,
        [grantId, sealTokens(grantId, tokens), new Date(tokens.accessExpiresAt), new Date(now), expectedVersion],
      );
      return rows.length > 0;
    },
    async saveTokens(connectionId: string, tokens: ProviderTokens, expectedVersion: number, now: number, tx: Queryable = db) {
      const rows = await tx.query('SELECT grant_id FROM connections WHERE id = $1', [connectionId]);
      const grantId = rows[0]?.grant_id;
      if (grantId === undefined || grantId === null) return false;
      return repo.saveGrantTokens(String(grantId), tokens, expectedVersion, now, tx);
    },

    /**
     * Reset (issue 4 §2, as Keap's): keeps the connection, its settings and the workspace's links, but tombstones
     * every mirrored record (seats delete their copies) and forgets progress and checkpoints, so the next run
     * imports everything afresh.
     */
    async resetWithTombstones(connectionId: string, now: number): Promise<number> {
      const workspace = await db.query('SELECT workspace_id FROM connections WHERE id = $1', [connectionId]);
      const count = await db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${FEED_WRITE_LOCK})`);
        const tombstoned = await tx.query(
          `UPDATE mirror_records SET seq = nextval('mirror_seq'), data = NULL, hash = NULL, changed_at = $2, import_mark = NULL
           WHERE connection_id = $1 AND entity <> 'link' AND data IS NOT NULL RETURNING record_id`,
          [connectionId, new Date(now)],
        );
        await tx.query('DELETE FROM sync_progress WHERE connection_id = $1', [connectionId]);
        await tx.query('DELETE FROM sync_cursors WHERE connection_id = $1', [connectionId]);
        await tx.query(`UPDATE connections SET status = 'syncing', status_message = NULL, progress = NULL WHERE id = $1`, [connectionId]);
        return tombstoned.length;
      });
      const workspaceId = workspace[0] ? String(workspace[0].workspace_id) : null;
      if (workspaceId) {
        await events.publish({ type: 'connections', workspaceId, connectionId, status: 'syncing' });
        if (count > 0) await events.publish({ type: 'feed', workspaceId });
      }
      return count;
    },

    /**
     * Removes the connection (and its grant's tokens when no other connection shares them), and turns every mirrored record into a tombstone with a fresh seq so
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
        const gone = await tx.query('DELETE FROM connections WHERE id = $1 RETURNING grant_id', [connectionId]);
        const grantId = gone[0]?.grant_id;
        // The grant's tokens go with its last connection; other organisations of the same consent keep them.
        if (grantId !== undefined && grantId !== null) await dropGrantIfUnused(tx, String(grantId));
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
