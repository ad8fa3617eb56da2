import type { Db } from './db';
import { MIGRATION_3 } from './migration-3-sync';
import { MIGRATION_4 } from './migration-4-actions';
import { MIGRATION_5 } from './migration-5-grants';
import { MIGRATION_6 } from './migration-6-require-email';
import { MIGRATION_7 } from './migration-7-provider-calls';
import { MIGRATION_8 } from './migration-8-mirror-index';

/**
 * ONE schema, ONE ordered list of migrations, run by both drivers. Append only: never edit a shipped migration,
 * add the next version. Each migration is a list of single statements (PGlite's extended protocol takes one at a time).
 */
export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'workspaces, seats, pairing, oauth states, connections, mirror',
    statements: [
      `CREATE TABLE workspaces (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL
      )`,
      `CREATE TABLE seats (
        id text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('owner', 'member')),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        last_seen_at timestamptz,
        revoked_at timestamptz
      )`,
      `CREATE TABLE pairing_codes (
        code_hash text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        used_by_seat text
      )`,
      `CREATE TABLE oauth_states (
        state_hash text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        seat_id text NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
        provider text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`,
      `CREATE TABLE connections (
        id text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        provider text NOT NULL,
        company_id text NOT NULL,
        company_name text NOT NULL,
        currency text,
        status text NOT NULL,
        status_message text,
        progress jsonb,
        last_sync_at timestamptz,
        created_at timestamptz NOT NULL,
        created_by_seat text,
        UNIQUE (workspace_id, provider, company_id)
      )`,
      // A grant's tokens, encrypted; `version` is a compare-and-swap counter so two refreshers cannot both win
      // (issue 4 adds SELECT … FOR UPDATE on this row for cross-process single flight).
      `CREATE TABLE connection_tokens (
        connection_id text PRIMARY KEY REFERENCES connections(id) ON DELETE CASCADE,
        sealed text NOT NULL,
        version integer NOT NULL,
        access_expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`,
      `CREATE SEQUENCE mirror_seq`,
      // The normalized mirror doubles as the change feed: every upsert that changes a record and every deletion
      // takes the next seq; a tombstone keeps the key and drops the data.
      `CREATE TABLE mirror_records (
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        provider text NOT NULL,
        company_id text NOT NULL,
        entity text NOT NULL,
        record_id text NOT NULL,
        connection_id text NOT NULL,
        seq bigint NOT NULL,
        hash text,
        data jsonb,
        changed_at timestamptz NOT NULL,
        PRIMARY KEY (workspace_id, provider, company_id, entity, record_id)
      )`,
      `CREATE UNIQUE INDEX mirror_records_feed ON mirror_records (workspace_id, seq)`,
      `CREATE INDEX mirror_records_connection ON mirror_records (connection_id)`,
    ],
  },
  {
    version: 2,
    name: 'sync log: runs and skipped records',
    statements: [
      `CREATE TABLE sync_runs (
        id text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        connection_id text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        trigger text NOT NULL,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        provider_calls integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]'::jsonb
      )`,
      `CREATE INDEX sync_runs_recent ON sync_runs (workspace_id, started_at DESC)`,
      `CREATE INDEX sync_runs_connection ON sync_runs (connection_id, started_at DESC)`,
      // The current list of records the mirror could not take (or took with a warning): a completed run replaces its
      // connection's list, so a record fixed at the provider drops off at the next sync.
      `CREATE TABLE skipped_records (
        id text PRIMARY KEY,
        workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
        connection_id text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        run_id text NOT NULL REFERENCES sync_runs(id) ON DELETE CASCADE,
        entity text NOT NULL,
        provider_id text,
        reason text NOT NULL,
        message text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`,
      `CREATE INDEX skipped_records_connection ON skipped_records (connection_id, reason)`,
    ],
  },
  MIGRATION_3,
  MIGRATION_4,
  MIGRATION_5,
  MIGRATION_6,
  MIGRATION_7,
  MIGRATION_8,
];

/**
 * Applies pending migrations in one transaction each. An advisory lock serializes concurrent starters (several
 * proxy processes against one PostgreSQL) so a version is never applied twice.
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  for (const migration of migrations) {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(724001)');
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (done.length > 0) return;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    });
  }
  return applied;
}
