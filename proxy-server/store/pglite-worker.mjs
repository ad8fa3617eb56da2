// The embedded PostgreSQL (PGlite, WebAssembly) on a thread of its own. Plain JavaScript on purpose: Node runs it
// as is under tsx, vitest and a plain `node`, with no loader to pass to the worker. The protocol is the one
// pglite-worker-driver.ts speaks: {id, op, ...} in, {id, ok, rows | error} out.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const pg = workerData.dataDir ? await PGlite.create(workerData.dataDir) : await PGlite.create();

/** Open transactions by id: the tx handle, and how to end PGlite's transaction callback (commit or roll back). */
const open = new Map();

/** The fields a PGlite DatabaseError carries (code, detail, constraint, …), copied so they survive the clone. */
function serializableError(error) {
  const fields = {};
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error)) {
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) fields[key] = value;
    }
  }
  return { name: error?.name ?? 'Error', message: error?.message ?? String(error), fields };
}

async function begin(txId) {
  let started;
  const inside = new Promise((resolve) => (started = resolve));
  const done = pg.transaction(
    (tx) =>
      new Promise((commit, rollBack) => {
        open.set(txId, { tx, commit, rollBack });
        started();
      }),
  );
  done.catch(() => undefined); // awaited by commit/rollback; a failed BEGIN is reported below
  await Promise.race([inside, done]);
  open.get(txId).done = done;
}

async function end(txId, commit) {
  const transaction = open.get(txId);
  if (!transaction) return; // already ended (a failed COMMIT is followed by the caller's rollback)
  open.delete(txId);
  if (commit) {
    transaction.commit();
    await transaction.done;
  } else {
    transaction.rollBack(new Error('rolled back'));
    await transaction.done.catch(() => undefined);
  }
}

async function handle(message) {
  switch (message.op) {
    case 'query': {
      const target = message.tx === undefined ? pg : open.get(message.tx)?.tx;
      if (!target) throw new Error('query in a transaction that has ended');
      return (await target.query(message.sql, message.params)).rows;
    }
    case 'begin':
      await begin(message.tx);
      return [];
    case 'commit':
      await end(message.tx, true);
      return [];
    case 'rollback':
      await end(message.tx, false);
      return [];
    case 'close':
      await pg.close();
      return [];
    default:
      throw new Error(`unknown operation ${String(message.op)}`);
  }
}

parentPort.on('message', (message) => {
  handle(message).then(
    (rows) => parentPort.postMessage({ id: message.id, ok: true, rows }),
    (error) => parentPort.postMessage({ id: message.id, ok: false, error: serializableError(error) }),
  );
});
parentPort.postMessage({ ready: true });
