import { Dexie, type Table } from 'dexie';
import type { CustomerChunkRow, CustomerRow } from './rows';
import { declareCustomerChanges, type SummaryChange } from './summary-changes';

/**
 * Customers per chunk row (issue #7 P7, measured in Chromium with bench/p7-dexie.ts: see docs/PERFORMANCE.md). A
 * feed page of 500 new customers is 5 puts instead of 500; a lookup deserializes one chunk of 100 customers.
 */
export const CHUNK_SIZE = 100;

export type ChunkTable = Table<CustomerChunkRow, string>;

/** What rebuildSummaries and readSummary need of the customers (the store, or a pre-v4 `customers` table). */
export interface CustomerReader {
  get(key: string): Promise<CustomerRow | undefined>;
  bulkGet(keys: string[]): Promise<(CustomerRow | undefined)[]>;
}

export interface CustomerStore extends CustomerReader {
  byEmails(emails: readonly string[]): Promise<CustomerRow[]>;
  byNameKey(nameKey: string): Promise<CustomerRow[]>;
  byDomain(domain: string): Promise<CustomerRow[]>;
  /** Every customer, in key order. */
  all(): Promise<CustomerRow[]>;
  count(): Promise<number>;
  /** Puts and deletes customers; later rows for a key win, and a key both put and deleted ends deleted. */
  write(puts: readonly CustomerRow[], deletes?: readonly string[]): Promise<void>;
  put(row: CustomerRow): Promise<void>;
  /** Deletes every customer of these connections. */
  deleteConnections(connectionIds: readonly string[]): Promise<void>;
}

/**
 * The ONLY code that reads or writes customer chunks (lib/db/rows.ts CustomerChunkRow). Every call runs in the
 * caller's Dexie transaction when there is one; a write outside one gets its own. Each write declares the exact
 * customer puts and deletes it makes to lib/db/summary-changes.ts, which reports them to the search index on commit
 * (any chunk write that was not declared is reported as a reset).
 */
export function customerStore(chunks: ChunkTable): CustomerStore {
  const members = (rows: CustomerChunkRow[], wanted: (row: CustomerRow) => boolean) => {
    const out: CustomerRow[] = [];
    for (const chunk of rows) for (const row of chunk.rows) if (wanted(row)) out.push(row);
    return out;
  };
  const byIndex = async (index: 'emails' | 'nameKeys' | 'domains', values: readonly string[], of: (row: CustomerRow) => string[]) => {
    if (values.length === 0) return [];
    const rows = await chunks.where(index).anyOf([...values]).distinct().toArray();
    const wanted = new Set(values);
    return members(rows, (row) => of(row).some((v) => wanted.has(v)));
  };

  const store: CustomerStore = {
    async get(key) {
      const chunk = await chunks.where('keys').equals(key).first();
      return chunk?.rows.find((row) => row.key === key);
    },
    async bulkGet(keys) {
      const found = new Map<string, CustomerRow>();
      for (const chunk of await chunksHolding(chunks, keys)) for (const row of chunk.rows) found.set(row.key, row);
      return keys.map((key) => found.get(key));
    },
    byEmails: (emails) => byIndex('emails', emails, (row) => row.emails),
    byNameKey: (nameKey) => byIndex('nameKeys', [nameKey], (row) => row.nameKeys),
    byDomain: (domain) => byIndex('domains', [domain], (row) => row.domains),
    async all() {
      const rows = members(await chunks.toArray(), () => true);
      return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    // The multiEntry `keys` index holds one entry per member: counting it reads no chunk.
    count: () => chunks.orderBy('keys').count(),
    write: (puts, deletes = []) => inWriteTransaction(chunks, (trans) => serialized(trans, () => writeChunks(chunks, trans, puts, deletes))),
    put: (row) => store.write([row]),
    deleteConnections: (connectionIds) =>
      inWriteTransaction(chunks, async () => {
        // Not declared: the search index rebuilds (a disconnect or reset, rare).
        if (connectionIds.length > 0) await chunks.where('connectionId').anyOf([...connectionIds]).delete();
      }),
  };
  return store;
}

/** The store over a database's chunks (LedgerDb, or anything with its `customerChunks` table). */
export const customersOf = (db: { customerChunks: ChunkTable }): CustomerStore => customerStore(db.customerChunks);

async function inWriteTransaction<T>(chunks: ChunkTable, run: (trans: object) => Promise<T>): Promise<T> {
  const current = Dexie.currentTransaction;
  if (current && current.storeNames.includes(chunks.name)) return run(current.idbtrans);
  return chunks.db.transaction('rw', chunks, () => run(Dexie.currentTransaction.idbtrans));
}

/**
 * The last write of each transaction: writes in one transaction run one after the other, even when a caller does not
 * await one before the next, so two writes never fill the same open chunk from the same stale read, and each chunk
 * write finds its own declaration (lib/db/summary-changes.ts).
 */
const lastWrite = new WeakMap<object, Promise<void>>();

function serialized(trans: object, run: () => Promise<void>): Promise<void> {
  const previous = lastWrite.get(trans);
  // Dexie.Promise, not a native chain: its callbacks run in the transaction's zone, so the next write's requests
  // belong to the transaction (a native .then() would run them outside it and the transaction would commit early).
  const next: Promise<void> = previous ? Dexie.Promise.resolve(previous).catch(() => undefined).then(run) : run();
  lastWrite.set(trans, next);
  return next;
}

function chunkOf(id: string, connectionId: string, rows: CustomerRow[]): CustomerChunkRow {
  const union = (of: (row: CustomerRow) => string[]) => [...new Set(rows.flatMap(of))];
  return {
    id,
    connectionId,
    ...(rows.length < CHUNK_SIZE ? { openIn: connectionId } : {}),
    keys: rows.map((row) => row.key),
    emails: union((row) => row.emails),
    nameKeys: union((row) => row.nameKeys),
    domains: union((row) => row.domains),
    rows,
  };
}

/** Open chunks read per connection to take new keys before new chunks are made (bounded, whatever the deletes left). */
const OPEN_CHUNKS_READ = 4;

/**
 * Replaces a stored key inside its chunk, removes deleted keys, fills the connection's chunks that have room with
 * new keys, then makes new chunks of CHUNK_SIZE. One bulkPut of the changed chunks and one bulkDelete of the emptied.
 */
async function writeChunks(
  chunks: ChunkTable,
  trans: object,
  puts: readonly CustomerRow[],
  deletes: readonly string[],
): Promise<void> {
  const finalPuts = new Map<string, CustomerRow>();
  for (const row of puts) finalPuts.set(row.key, row);
  const deleted = new Set(deletes);
  for (const key of deleted) finalPuts.delete(key);
  if (finalPuts.size === 0 && deleted.size === 0) return;

  const held = await chunksHolding(chunks, [...finalPuts.keys(), ...deleted]);
  const members = new Map<string, Map<string, CustomerRow>>(); // chunk id → key → row
  const connectionOf = new Map<string, string>();
  const changed = new Set<string>();
  for (const chunk of held) {
    members.set(chunk.id, new Map(chunk.rows.map((row) => [row.key, row])));
    connectionOf.set(chunk.id, chunk.connectionId);
  }
  const placed = new Set<string>();
  for (const [id, rows] of members) {
    for (const key of [...rows.keys()]) {
      const next = finalPuts.get(key);
      if (deleted.has(key) || (next && next.connectionId !== connectionOf.get(id))) {
        rows.delete(key);
        changed.add(id);
      } else if (next) {
        rows.set(key, next);
        placed.add(key);
        changed.add(id);
      }
    }
  }
  const fresh = new Map<string, CustomerRow[]>(); // connection → new keys
  for (const row of finalPuts.values()) {
    if (placed.has(row.key)) continue;
    const list = fresh.get(row.connectionId);
    if (list) list.push(row);
    else fresh.set(row.connectionId, [row]);
  }
  for (const [connectionId, rows] of fresh) {
    const roomy = [...members].filter(([id, m]) => connectionOf.get(id) === connectionId && m.size > 0 && m.size < CHUNK_SIZE);
    if (roomy.length === 0) {
      for (const chunk of await chunks.where('openIn').equals(connectionId).limit(OPEN_CHUNKS_READ).toArray()) {
        if (members.has(chunk.id)) continue;
        const m = new Map(chunk.rows.map((row) => [row.key, row]));
        members.set(chunk.id, m);
        connectionOf.set(chunk.id, connectionId);
        roomy.push([chunk.id, m]);
      }
    }
    let next = 0;
    for (const [id, m] of roomy) {
      while (m.size < CHUNK_SIZE && next < rows.length) m.set(rows[next]!.key, rows[next++]!);
      changed.add(id);
    }
    while (next < rows.length) {
      const id = crypto.randomUUID();
      const m = new Map<string, CustomerRow>();
      while (m.size < CHUNK_SIZE && next < rows.length) m.set(rows[next]!.key, rows[next++]!);
      members.set(id, m);
      connectionOf.set(id, connectionId);
      changed.add(id);
    }
  }
  const toPut: CustomerChunkRow[] = [];
  const toDelete: string[] = [];
  for (const id of changed) {
    const m = members.get(id)!;
    if (m.size === 0) toDelete.push(id);
    else toPut.push(chunkOf(id, connectionOf.get(id)!, [...m.values()]));
  }
  const changes: SummaryChange[] = [];
  if (deleted.size > 0) changes.push({ type: 'customer-delete', keys: [...deleted] });
  if (finalPuts.size > 0) changes.push({ type: 'customer-put', rows: [...finalPuts.values()] });
  declareCustomerChanges(trans, changes, (toPut.length > 0 ? 1 : 0) + (toDelete.length > 0 ? 1 : 0));
  await Promise.all([
    toPut.length > 0 ? chunks.bulkPut(toPut) : null,
    toDelete.length > 0 ? chunks.bulkDelete(toDelete) : null,
  ]);
}

/**
 * The chunks holding any of `keys`, then one bulkGet of the distinct chunks. Finding their ids takes one of two reads,
 * both exact, chosen by a sample of the keys (measured in Chromium, bench/p7-dexie.ts):
 * - keys mostly stored (an invoice page's customers, an update): one index read per key, issued together, because
 *   IndexedDB pipelines parallel requests (~15 ms for 250 keys), while each hit of an anyOf() cursor waits for the
 *   previous continue() (~110 ms);
 * - keys new (a first import): one anyOf() key cursor, which jumps over the absent keys (~11 ms for a page of 500,
 *   against ~30 ms of 500 reads).
 */
async function chunksHolding(chunks: ChunkTable, keys: readonly string[]): Promise<CustomerChunkRow[]> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return [];
  // A Dexie promise, not an async function: Dexie carries the transaction across awaits of its own promises, and
  // one more level of native async functions here made the writes after it fall outside the transaction.
  const idsOf = (some: string[]) =>
    Dexie.Promise.all(some.map((key) => chunks.where('keys').equals(key).primaryKeys())).then((r) => r.flat() as string[]);
  const sample = wanted.length <= SAMPLE ? wanted : Array.from({ length: SAMPLE }, (_, i) => wanted[Math.floor((i * wanted.length) / SAMPLE)]!);
  const sampled = await idsOf(sample);
  let ids: string[];
  if (sample.length === wanted.length) ids = sampled;
  else if (sampled.length > 0) ids = await idsOf(wanted);
  else ids = (await chunks.where('keys').anyOf(wanted).primaryKeys()) as string[];
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return [];
  return (await chunks.bulkGet(distinct)).filter((c): c is CustomerChunkRow => c !== undefined);
}

/** Keys probed before choosing how to find the chunks of many keys (chunksHolding). */
const SAMPLE = 8;
