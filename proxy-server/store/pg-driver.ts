import pg from 'pg';
import type { Db, Queryable, Row } from './db';

export interface PgOptions {
  connectionString: string;
  /** Every connection of the pool uses this schema (search_path); created when missing. */
  schema?: string | undefined;
  max?: number;
}

/** PostgreSQL through a pg Pool (DATABASE_URL): the store for several proxy processes. */
export async function openPg(options: PgOptions): Promise<Db> {
  const { schema } = options;
  if (schema) {
    // The schema must exist before any pooled connection uses it as search_path.
    const admin = new pg.Client({ connectionString: options.connectionString });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error(`postgres pool: ${error.message}`));
  await pool.query('SELECT 1'); // fail fast at start when the server is unreachable

  const run = async <R extends Row>(client: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[]) =>
    (await client.query<R>(sql, [...params])).rows;

  return {
    driver: 'pg',
    query: <R extends Row = Row>(sql: string, params: readonly unknown[] = []) => run<R>(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Queryable = {
          query: <R extends Row = Row>(sql: string, params: readonly unknown[] = []) => run<R>(client, sql, params),
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
