import type { Migration } from './migrations';

/**
 * Migration 4 — actions (issue 4 §7): the proxy's own idempotency keys and the workspace's links.
 */
export const MIGRATION_4: Migration = {
  version: 4,
  name: 'actions: idempotency keys, links',
  statements: [
    // One row per (workspace, route, Idempotency-Key). The primary key is the lock: the request that inserts the row
    // ('running') executes, every other one waits for it to become 'done' — across proxy processes too.
    // 'failed' (a 5xx) lets the same key retry; `provider_called` then says an earlier attempt may have written at
    // the provider, so the retry goes straight to the provider call, whose requestid replays that write.
    `CREATE TABLE idempotency_keys (
      workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      route text NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      state text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
      provider_called boolean NOT NULL DEFAULT false,
      -- Compare-and-swap counter: a takeover of a failed or abandoned attempt succeeds for one process only.
      attempt integer NOT NULL DEFAULT 1,
      status integer,
      body jsonb,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, route, key)
    )`,
    `CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at)`,
    // One link per CRM record per workspace; re-linking replaces it. The feed carries it to seats as entity 'link'.
    `CREATE TABLE links (
      workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      record_key text NOT NULL,
      customer_key text NOT NULL,
      connection_id text NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
      created_by_seat text NOT NULL,
      created_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, record_key)
    )`,
  ],
};
