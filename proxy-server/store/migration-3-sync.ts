import type { Migration } from './migrations';

/**
 * Migration 3 — every-entity sync (issue 4 §4): per-company settings, resumable import progress, the incremental
 * checkpoint, the durable webhook queue (dedupe by event key), and the import mark that lets tombstoning survive a
 * restart (a record not marked by the finished import of its entity is gone at the provider).
 */
export const MIGRATION_3: Migration = {
  version: 3,
  name: 'sync: settings, import progress, checkpoints, webhook queue',
  statements: [
    `ALTER TABLE mirror_records ADD COLUMN import_mark text`,
    `CREATE INDEX mirror_records_entity ON mirror_records (connection_id, entity)`,
    `CREATE TABLE connection_settings (
      connection_id text PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
      frequency_minutes integer NOT NULL,
      import_vendors boolean NOT NULL,
      historical_from text,
      updated_at timestamptz NOT NULL
    )`,
    // One row per (connection, entity) being or having been imported in full; next_position is QBO's STARTPOSITION.
    `CREATE TABLE sync_progress (
      connection_id text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      entity text NOT NULL,
      import_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'importing', 'done')),
      next_position integer NOT NULL DEFAULT 1,
      fetched integer NOT NULL DEFAULT 0,
      skipped integer NOT NULL DEFAULT 0,
      started_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (connection_id, entity)
    )`,
    // changed_since: provider time the next incremental starts from (set only by complete change sets).
    // import_since: provider time noted when a full import began; becomes changed_since once every entity is done.
    `CREATE TABLE sync_cursors (
      connection_id text PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
      changed_since timestamptz,
      import_since timestamptz,
      last_check_at timestamptz,
      updated_at timestamptz NOT NULL
    )`,
    `CREATE TABLE webhook_events (
      event_key text PRIMARY KEY,
      provider text NOT NULL,
      company_id text NOT NULL,
      entity text NOT NULL,
      record_id text NOT NULL,
      operation text NOT NULL,
      occurred_at timestamptz,
      received_at timestamptz NOT NULL,
      processed_at timestamptz
    )`,
    `CREATE INDEX webhook_events_pending ON webhook_events (provider, company_id) WHERE processed_at IS NULL`,
  ],
};
