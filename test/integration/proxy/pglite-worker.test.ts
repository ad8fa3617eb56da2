import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../proxy-server/store/db';
import { openPglite } from '../../../proxy-server/store/pglite-driver';

/** The embedded database on its own thread (store/pglite-worker.mjs): the Db contract holds across the messages. */
describe('PGlite on a worker thread', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
    await db.query('CREATE TABLE t (id int PRIMARY KEY, at timestamptz, big bigint, doc jsonb)');
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('passes parameters and rows with their types (dates, bigints, json)', async () => {
    const at = new Date('2026-12-03T10:00:00.000Z');
    await db.query('INSERT INTO t VALUES ($1, $2, $3, $4)', [1, at, 9007199254740993n, JSON.stringify({ name: '<b>x</b>' })]);
    const [row] = await db.query('SELECT * FROM t WHERE id = 1');
    expect(row?.at).toEqual(at);
    expect(String(row?.big)).toBe('9007199254740993');
    expect(row?.doc).toEqual({ name: '<b>x</b>' });
  });

  it('reports a database error with its SQLSTATE code and leaves the connection usable', async () => {
    const error = await db.query('INSERT INTO t (id) VALUES (1)').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error & { code?: string }).code).toBe('23505');
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 1 }]);
  });

  it('rolls a transaction back when its function throws, and commits it otherwise', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (id) VALUES (2)');
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await db.query('SELECT id FROM t WHERE id = 2')).toEqual([]);
    await db.transaction((tx) => tx.query('INSERT INTO t (id) VALUES (3)'));
    expect(await db.query('SELECT id FROM t WHERE id = 3')).toEqual([{ id: 3 }]);
  });

  it('runs concurrent transactions one after the other (one connection), each seeing its own writes', async () => {
    await db.query('CREATE TABLE counter (n int)');
    await db.query('INSERT INTO counter VALUES (0)');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.transaction(async (tx) => {
          const [row] = await tx.query<{ n: number }>('SELECT n FROM counter');
          await tx.query('UPDATE counter SET n = $1', [(row?.n ?? 0) + 1]);
        }),
      ),
    );
    expect(await db.query('SELECT n FROM counter')).toEqual([{ n: 20 }]);
  });

  it('refuses queries clearly once closed', async () => {
    const other = await openPglite();
    await other.close();
    await expect(other.query('SELECT 1')).rejects.toThrow('the database is closed');
  }, 60_000);
});
