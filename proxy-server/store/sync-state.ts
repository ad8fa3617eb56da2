import type { ConnectionSettings } from '../../lib/proxy-api';
import { randomId } from '../security/secrets';
import type { Db, Row } from './db';

/** Per-company settings when none were saved (lib/proxy-api.ts ConnectionSettingsSchema). */
export const DEFAULT_SETTINGS: ConnectionSettings = { frequencyMinutes: 60, importVendors: false, historicalFrom: null, requireEmail: false };

export interface EntityProgress {
  entity: string;
  importId: string;
  status: 'pending' | 'importing' | 'done';
  nextPosition: number;
  fetched: number;
  /** Records the last pages could not map (not in the mirror): the consistency check allows for them. */
  skipped: number;
  /** When this import was requested: records written after it are never tombstoned by it. */
  startedAt: number;
}

export interface SyncCursor {
  /** Provider time (epoch ms) the next incremental starts from; null until a full import has finished. */
  changedSince: number | null;
  /** Provider time noted when the running full import began. */
  importSince: number | null;
  lastCheckAt: number | null;
}

const ms = (value: unknown): number | null => (value === null || value === undefined ? null : new Date(value as string).getTime());

function toProgress(row: Row): EntityProgress {
  return {
    entity: String(row.entity),
    importId: String(row.import_id),
    status: row.status as EntityProgress['status'],
    nextPosition: Number(row.next_position),
    fetched: Number(row.fetched),
    skipped: Number(row.skipped),
    startedAt: ms(row.started_at) ?? 0,
  };
}

/** Settings, resumable import progress and the incremental checkpoint of each connection (migration 3). */
export function syncStateRepo(db: Db) {
  return {
    async getSettings(connectionId: string): Promise<ConnectionSettings> {
      const rows = await db.query('SELECT * FROM connection_settings WHERE connection_id = $1', [connectionId]);
      const row = rows[0];
      if (!row) return { ...DEFAULT_SETTINGS };
      return {
        frequencyMinutes: Number(row.frequency_minutes),
        importVendors: Boolean(row.import_vendors),
        historicalFrom: row.historical_from === null ? null : String(row.historical_from),
        requireEmail: Boolean(row.require_email), // migration 6
      };
    },
    async putSettings(connectionId: string, settings: ConnectionSettings, now: number): Promise<void> {
      await db.query(
        `INSERT INTO connection_settings (connection_id, frequency_minutes, import_vendors, historical_from, require_email,
                                          updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (connection_id) DO UPDATE SET frequency_minutes = excluded.frequency_minutes,
           import_vendors = excluded.import_vendors, historical_from = excluded.historical_from,
           require_email = excluded.require_email, updated_at = excluded.updated_at`,
        [connectionId, settings.frequencyMinutes, settings.importVendors, settings.historicalFrom, settings.requireEmail, new Date(now)],
      );
    },

    async progress(connectionId: string): Promise<EntityProgress[]> {
      return (await db.query('SELECT * FROM sync_progress WHERE connection_id = $1', [connectionId])).map(toProgress);
    },
    /** Queues a full import of these entities (a new import id; any earlier progress is forgotten). */
    async requestImport(connectionId: string, entities: readonly string[], now: number): Promise<void> {
      for (const entity of entities) {
        await db.query(
          `INSERT INTO sync_progress (connection_id, entity, import_id, status, next_position, fetched, skipped, started_at,
                                      updated_at)
           VALUES ($1, $2, $3, 'pending', 1, 0, 0, $4, $4)
           ON CONFLICT (connection_id, entity) DO UPDATE SET import_id = excluded.import_id, status = 'pending',
             next_position = 1, fetched = 0, skipped = 0, started_at = excluded.started_at, updated_at = excluded.updated_at`,
          [connectionId, entity, randomId('imp'), new Date(now)],
        );
      }
    },
    async saveProgress(
      connectionId: string,
      entity: string,
      update: { status: EntityProgress['status']; nextPosition: number; fetched: number; skipped: number },
      now: number,
    ) {
      await db.query(
        `UPDATE sync_progress SET status = $3, next_position = $4, fetched = $5, skipped = $6, updated_at = $7
         WHERE connection_id = $1 AND entity = $2`,
        [connectionId, entity, update.status, update.nextPosition, update.fetched, update.skipped, new Date(now)],
      );
    },
    async forgetProgress(connectionId: string, entities: readonly string[]): Promise<void> {
      await db.query('DELETE FROM sync_progress WHERE connection_id = $1 AND entity IN (SELECT jsonb_array_elements_text($2::jsonb))', [
        connectionId,
        JSON.stringify(entities),
      ]);
    },

    async cursor(connectionId: string): Promise<SyncCursor> {
      const rows = await db.query('SELECT * FROM sync_cursors WHERE connection_id = $1', [connectionId]);
      const row = rows[0];
      return { changedSince: ms(row?.changed_since), importSince: ms(row?.import_since), lastCheckAt: ms(row?.last_check_at) };
    },
    async saveCursor(connectionId: string, update: Partial<SyncCursor>, now: number): Promise<void> {
      const current = await this.cursor(connectionId);
      const next = { ...current, ...update };
      const ts = (v: number | null) => (v === null ? null : new Date(v));
      await db.query(
        `INSERT INTO sync_cursors (connection_id, changed_since, import_since, last_check_at, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (connection_id) DO UPDATE SET changed_since = excluded.changed_since,
           import_since = excluded.import_since, last_check_at = excluded.last_check_at, updated_at = excluded.updated_at`,
        [connectionId, ts(next.changedSince), ts(next.importSince), ts(next.lastCheckAt), new Date(now)],
      );
    },
    /** Reset (issue 4 §2): forget checkpoints and progress so the next run imports everything again. */
    async resetAll(connectionId: string): Promise<void> {
      await db.query('DELETE FROM sync_progress WHERE connection_id = $1', [connectionId]);
      await db.query('DELETE FROM sync_cursors WHERE connection_id = $1', [connectionId]);
    },
  };
}
export type SyncStateRepo = ReturnType<typeof syncStateRepo>;
