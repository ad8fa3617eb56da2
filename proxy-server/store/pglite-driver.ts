import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Db, Queryable, Row } from './db';

type Reply = { id: number; ok: true; rows: Row[] } | { id: number; ok: false; error: { name: string; message: string; fields: Record<string, unknown> } };

/**
 * Embedded PostgreSQL in a folder (or in memory when dataDir is undefined). One process at a time may open it.
 *
 * PGlite is PostgreSQL compiled to WebAssembly: every statement runs on the thread that owns it. On the proxy's own
 * thread an initial import spent more than half its time there, and the HTTP server (the feed of every seat, the
 * webhooks) waited behind it. So the database lives on a worker thread (pglite-worker.mjs) and this driver is the
 * Db interface over messages: the import's fetching and mapping overlap its writes (issue 7's P3), and a seat's
 * feed request is not queued behind a 1,000-row upsert.
 */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let nextTx = 0;
  let failure: Error | null = null;

  // An idle database must not keep the process alive, a query in flight must (a script awaiting its last query).
  const settle = (id: number) => {
    pending.delete(id);
    if (pending.size === 0) worker.unref();
  };
  const failAll = (error: Error) => {
    failure ??= error; // a close() already said why
    for (const [id, waiter] of pending) {
      settle(id);
      waiter.reject(error);
    }
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    worker.once('error', onError);
    worker.once('message', () => {
      worker.off('error', onError);
      resolve();
    });
  });
  worker.on('message', (reply: Reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    settle(reply.id);
    if (reply.ok) waiter.resolve(reply.rows);
    else waiter.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }, reply.error.fields));
  });
  worker.on('error', (error) => failAll(new Error(`the database thread failed: ${error.message}`)));
  worker.on('exit', (code) => failAll(new Error(`the database thread exited (code ${code})`)));
  worker.unref();

  function call(message: { op: string; sql?: string; params?: unknown[]; tx?: number | undefined }): Promise<Row[]> {
    if (failure) return Promise.reject(failure);
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  const query = <R extends Row = Row>(sql: string, params: readonly unknown[] = [], tx?: number) =>
    call({ op: 'query', sql, params: [...params], tx }) as Promise<R[]>;

  return {
    driver: 'pglite',
    query: (sql, params) => query(sql, params),
    async transaction(fn) {
      // PGlite has one connection: BEGIN waits in the worker until any other transaction has ended.
      const tx = ++nextTx;
      await call({ op: 'begin', tx });
      const scoped: Queryable = { query: (sql, params) => query(sql, params, tx) };
      try {
        const result = await fn(scoped);
        await call({ op: 'commit', tx });
        return result;
      } catch (error) {
        await call({ op: 'rollback', tx }).catch(() => undefined);
        throw error;
      }
    },
    async close() {
      if (!failure) await call({ op: 'close' }).catch(() => undefined);
      failure ??= new Error('the database is closed');
      await worker.terminate();
    },
  };
}
