import type { Migration } from './migrations';

/**
 * Migration 7 — provider calls counted across proxy processes (issue 4 §4: QBO 500/min per realm, Xero 60/min and a
 * daily budget per organisation must hold however many proxies share the database). One row per company and window:
 * `minute` rows are 5-second buckets (summed over the last 65 s), `day` rows are UTC days. Times are epoch ms.
 * Used on PostgreSQL only (providers/shared-call-budget.ts); PGlite is single-process.
 */
export const MIGRATION_7: Migration = {
  version: 7,
  name: 'provider call windows shared by proxy processes',
  statements: [
    `CREATE TABLE provider_call_windows (
      provider text NOT NULL,
      company_id text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('minute', 'day')),
      window_start bigint NOT NULL,
      calls integer NOT NULL,
      PRIMARY KEY (provider, company_id, kind, window_start)
    )`,
  ],
};
