import type { Db } from './db';

/** Where one action request stands under its Idempotency-Key (store/migration-4-actions.ts). */
export type Claim =
  /** This request executes. `resumed`: an earlier attempt got as far as the provider call and may have written. */
  | { kind: 'claimed'; attempt: number; resumed: boolean }
  /** Finished earlier: replay this response. */
  | { kind: 'done'; status: number; body: unknown }
  /** Another request with this key is executing: wait and ask again. */
  | { kind: 'running' }
  /** Same key, different request body. */
  | { kind: 'mismatch' };

export interface KeyScope {
  workspaceId: string;
  route: string;
  key: string;
}

const PK = 'workspace_id = $1 AND route = $2 AND key = $3';

export function idempotencyKeysRepo(db: Db) {
  const pk = (s: KeyScope) => [s.workspaceId, s.route, s.key];
  return {
    /**
     * Inserts the key as 'running' (the unique primary key decides who executes, in any number of processes), or
     * reports the state of the existing row. A 'failed' row, or a 'running' one not touched for `leaseMs` (its
     * process died), is taken over by compare-and-swap on `attempt`. Waiters call this again to poll.
     */
    async claim(scope: KeyScope, requestHash: string, now: number, leaseMs: number): Promise<Claim> {
      for (;;) {
        const inserted = await db.query(
          `INSERT INTO idempotency_keys (workspace_id, route, key, request_hash, state, created_at, updated_at)
           VALUES ($1, $2, $3, $4, 'running', $5, $5) ON CONFLICT DO NOTHING RETURNING attempt`,
          [...pk(scope), requestHash, new Date(now)],
        );
        if (inserted.length > 0) return { kind: 'claimed', attempt: 1, resumed: false };
        const rows = await db.query(
          `SELECT request_hash, state, provider_called, attempt, status, body, updated_at FROM idempotency_keys WHERE ${PK}`,
          pk(scope),
        );
        const row = rows[0];
        if (!row) continue; // purged between the two statements
        if (row.request_hash !== requestHash) return { kind: 'mismatch' };
        if (row.state === 'done') return { kind: 'done', status: Number(row.status), body: row.body };
        const updatedAt = new Date(row.updated_at as string | Date).getTime();
        if (row.state === 'running' && updatedAt > now - leaseMs) return { kind: 'running' };
        const taken = await db.query(
          `UPDATE idempotency_keys SET state = 'running', attempt = attempt + 1, updated_at = $5
           WHERE ${PK} AND attempt = $4 AND state <> 'done' RETURNING attempt`,
          [...pk(scope), Number(row.attempt), new Date(now)],
        );
        if (taken.length > 0) return { kind: 'claimed', attempt: Number(taken[0]?.attempt), resumed: row.provider_called === true };
      }
    },
    /** Set just before the provider write, so a retry after a lost response knows to replay it, not search again. */
    async markProviderCalled(scope: KeyScope, attempt: number, now: number): Promise<void> {
      await db.query(`UPDATE idempotency_keys SET provider_called = true, updated_at = $5 WHERE ${PK} AND attempt = $4`, [
        ...pk(scope),
        attempt,
        new Date(now),
      ]);
    },
    async finish(scope: KeyScope, attempt: number, status: number, body: unknown, now: number): Promise<void> {
      await db.query(
        `UPDATE idempotency_keys SET state = 'done', status = $5, body = $6::jsonb, updated_at = $7 WHERE ${PK} AND attempt = $4`,
        [...pk(scope), attempt, status, JSON.stringify(body), new Date(now)],
      );
    },
    /** A 5xx or a crash-free failure: the same key may be retried. */
    async fail(scope: KeyScope, attempt: number, now: number): Promise<void> {
      await db.query(`UPDATE idempotency_keys SET state = 'failed', updated_at = $5 WHERE ${PK} AND attempt = $4`, [
        ...pk(scope),
        attempt,
        new Date(now),
      ]);
    },
    /** Keys are kept for a day (Stripe keeps 24 h): long enough for any client retry. */
    async purgeOlderThan(cutoff: number): Promise<number> {
      const rows = await db.query(`DELETE FROM idempotency_keys WHERE created_at < $1 AND state <> 'running' RETURNING key`, [
        new Date(cutoff),
      ]);
      return rows.length;
    },
  };
}
export type IdempotencyKeysRepo = ReturnType<typeof idempotencyKeysRepo>;
