import type { Db } from '../store/db';

/** Advisory-lock namespace for "a sync of this connection is running" (others: 724001 migrations, 724002 feed). */
const SYNC_LOCK_NAMESPACE = 724003;

/**
 * Cross-process single flight per company. On PostgreSQL (several proxies) the run happens inside a transaction
 * holding pg_try_advisory_xact_lock(namespace, hashtext(connectionId)): a second process gets `false` and skips —
 * its trigger is coalesced into the running sync, and the lock dies with the holder's session if it crashes.
 * PGlite is opened by one process only, so the in-process single flight (sync-service.ts) is enough there — and
 * holding a PGlite transaction would block every other query of the process.
 */
export type CompanyLock = <T>(connectionId: string, fn: () => Promise<T>) => Promise<{ ran: true; value: T } | { ran: false }>;

export function createCompanyLock(db: Db): CompanyLock {
  if (db.driver !== 'pg') return async (_id, fn) => ({ ran: true, value: await fn() });
  return (connectionId, fn) =>
    db.transaction(async (tx) => {
      const rows = await tx.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok', [SYNC_LOCK_NAMESPACE, connectionId]);
      if (rows[0]?.ok !== true) return { ran: false as const };
      return { ran: true as const, value: await fn() };
    });
}
