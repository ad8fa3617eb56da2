import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Row } from './db';

/** Embedded PostgreSQL in a folder (or in memory when dataDir is undefined). One process at a time may open it. */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    driver: 'pglite',
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pg.query<R>(sql, [...params]);
      return result.rows;
    },
    transaction(fn) {
      return pg.transaction(async (tx) =>
        fn({
          async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
            return (await tx.query<R>(sql, [...params])).rows;
          },
        }),
      );
    },
    close: () => pg.close(),
  };
}
