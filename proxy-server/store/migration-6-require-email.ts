import type { Migration } from './migrations';

/**
 * Migration 6 — the per-company setting "require an email" (issue 4 §5, skip reason no_email). Off for every existing
 * connection, so upgrading changes nothing that is mirrored.
 */
export const MIGRATION_6: Migration = {
  version: 6,
  name: 'sync settings: require email',
  statements: [`ALTER TABLE connection_settings ADD COLUMN require_email boolean NOT NULL DEFAULT false`],
};
