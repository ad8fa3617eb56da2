import type { Customer, Link } from '../model';
import type { LedgerDb } from '../db/schema';
import { domainsOf, nameKeysOf } from './normalize';
import type { MatchSource } from './match-record';

/**
 * MatchSource over the extension's Dexie mirror (lib/db, schema v2). Emails use the `*emails` index (trimmed,
 * lower-cased there, which normalizeEmail agrees with for any address without inner whitespace). Names and domains
 * have no index yet: they scan the customers table, which is fine for a few thousand customers; a v3 index
 * `*nameKeys, *domains` filled from nameKeysOf/domainsOf (lib/matching/normalize.ts) would make them lookups.
 */
export function dexieSource(db: LedgerDb): MatchSource {
  const hasTable = (name: string) => db.tables.some((t) => t.name === name);
  const scan = async (keep: (c: Customer) => boolean) =>
    (await db.customers.filter((row) => keep(row.data)).toArray()).map((row) => row.data);
  return {
    async linkFor(recordKey) {
      if (!hasTable('links')) return null;
      const row = (await db.table('links').get(recordKey)) as { data: Link } | undefined;
      return row?.data ?? null;
    },
    async customerByKey(key) {
      return (await db.customers.get(key))?.data ?? null;
    },
    async customersByEmail(emails) {
      const rows = await db.customers.where('emails').anyOf([...emails]).distinct().toArray();
      return rows.map((row) => row.data);
    },
    customersByNameKey: (key) => scan((c) => nameKeysOf(c).includes(key)),
    customersByDomain: (domain) => scan((c) => domainsOf(c).includes(domain)),
  };
}
