import type { Migration } from './migrations';

/**
 * Migration 5 — grants and Xero organisations (issue 4 §2–3).
 *
 * One Xero consent covers several organisations and its refresh token rotates: two tenants refreshing the same grant
 * separately would each spend the refresh token the other just replaced and kill the grant. So tokens are stored per
 * GRANT, and each connection points at its grant. The token table keeps its name; its key column becomes the grant
 * id (existing rows become one-connection grants whose id is the connection's id, so their sealed tokens, bound to
 * `connection_tokens:<id>`, still decrypt). Deleting a connection no longer cascades: the store deletes a grant when
 * its last connection goes.
 *
 * Also: the organisation's ShortCode (Xero deep links) and Xero's own connection id (DELETE /connections/{id});
 * the connection a reconnect targets, on its OAuth state; and the pending "pick your organisations" selections.
 */
export const MIGRATION_5: Migration = {
  version: 5,
  name: 'grants: tokens per grant, Xero organisations, reconnect, tenant selection',
  statements: [
    `ALTER TABLE connection_tokens DROP CONSTRAINT IF EXISTS connection_tokens_connection_id_fkey`,
    `ALTER TABLE connection_tokens RENAME COLUMN connection_id TO grant_id`,
    `ALTER TABLE connections ADD COLUMN grant_id text`,
    `UPDATE connections SET grant_id = id`,
    `CREATE INDEX connections_grant ON connections (grant_id)`,
    `ALTER TABLE connections ADD COLUMN short_code text`,
    `ALTER TABLE connections ADD COLUMN provider_connection_id text`,
    `ALTER TABLE oauth_states ADD COLUMN connection_id text`,
    // A consent that covered several organisations, waiting for the user to tick which to link. The grant's tokens
    // are already in connection_tokens (no connection points at them yet); the token is single use.
    `CREATE TABLE oauth_selections (
      token_hash text PRIMARY KEY,
      workspace_id text NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
      seat_id text NOT NULL,
      provider text NOT NULL,
      grant_id text NOT NULL,
      companies jsonb NOT NULL,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      used_at timestamptz
    )`,
  ],
};
