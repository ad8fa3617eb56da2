import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, Dexie, Middleware } from 'dexie';
import type { CustomerRow, SummaryRow } from './rows';

/**
 * One committed write to `summaries` or the customers (chunks since schema v4), in the order the transaction made
 * it. Customer writes count because a customer without a stored summary has a derived one
 * (lib/db/stored-summaries.ts). `reset`: refetch everything.
 */
export type SummaryChange =
  | { type: 'put'; rows: readonly SummaryRow[] }
  | { type: 'delete'; keys: readonly string[] }
  | { type: 'customer-put'; rows: readonly CustomerRow[] }
  | { type: 'customer-delete'; keys: readonly string[] }
  | { type: 'reset' };

/** Schema v4 stores customers in chunks (lib/db/customer-store.ts); `customers` is the pre-v4 table (upgrades). */
const WATCHED = new Set(['summaries', 'customers', 'customerChunks']);

/**
 * What the customer store declared its next chunk writes in a transaction do: a chunk put says neither which of its
 * customers changed nor which left, so the store states it (exact customer puts and deletes) just before it issues
 * `mutations` chunk writes. A chunk write that finds no declaration was not made by the store: reported as a reset.
 */
interface Declaration {
  changes: readonly SummaryChange[];
  mutations: number;
}
const declared = new WeakMap<object, Declaration>();

/** Called by lib/db/customer-store.ts only, with the DBCore transaction (the IDBTransaction) it writes in. */
export function declareCustomerChanges(trans: object, changes: readonly SummaryChange[], mutations: number): void {
  if (mutations > 0) declared.set(trans, { changes, mutations });
}

export type SummaryListener = (changes: readonly SummaryChange[]) => void;

const listeners = new WeakMap<Dexie, Set<SummaryListener>>();

/**
 * Calls `listener` after every committed transaction that wrote `summaries` or `customers`, whoever wrote them (feed applier,
 * deleteConnectionRecords, reset, actions, upgrades), with the writes in order. Aborted transactions report nothing.
 * It sits in Dexie's DBCore stack (summaryChangesMiddleware, installed by openLedgerDb), below every Table API, so
 * a new writer cannot bypass it. Returns the unsubscribe function.
 */
export function onSummariesCommitted(db: Dexie, listener: SummaryListener): () => void {
  let set = listeners.get(db);
  if (!set) listeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

/** The DBCore middleware behind onSummariesCommitted; costs nothing while nobody listens. */
export function summaryChangesMiddleware(db: Dexie): Middleware<DBCore> {
  // Writes of each open transaction, reported on its 'complete' event (the DBCore transaction is the IDBTransaction).
  const pending = new WeakMap<object, SummaryChange[]>();
  const record = (trans: object, change: SummaryChange) => {
    let list = pending.get(trans);
    if (!list) {
      const changes: SummaryChange[] = [];
      pending.set(trans, (list = changes));
      const idb = trans as IDBTransaction;
      idb.addEventListener('complete', () => {
        pending.delete(trans);
        for (const listener of listeners.get(db) ?? []) listener(changes);
      });
      idb.addEventListener('abort', () => pending.delete(trans));
    }
    list.push(change);
  };
  return {
    stack: 'dbcore',
    name: 'summaryChanges',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (!WATCHED.has(name)) return table;
        const customers = name === 'customers';
        const chunks = name === 'customerChunks';
        const watched: DBCoreTable = {
          ...table,
          mutate: async (req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> => {
            // Taken before the write: the store issues its covered writes together, before anything else.
            const declaration = chunks ? takeDeclared(req.trans) : undefined;
            const res = await table.mutate(req);
            if (!listeners.get(db)?.size) return res;
            if (!chunks) record(req.trans, changeOf(req, res, customers));
            else if (!declaration || res.numFailures > 0) record(req.trans, { type: 'reset' });
            else if (declaration.mutations === 0) for (const change of declaration.changes) record(req.trans, change);
            return res;
          },
        };
        return watched;
      },
    }),
  };
}

/** The declaration this chunk write is covered by; its changes are recorded by the last covered write. */
function takeDeclared(trans: object): Declaration | undefined {
  const declaration = declared.get(trans);
  if (!declaration) return undefined;
  declaration.mutations -= 1;
  if (declaration.mutations === 0) declared.delete(trans);
  return declaration;
}

function changeOf(req: DBCoreMutateRequest, res: DBCoreMutateResponse, customers: boolean): SummaryChange {
  // A partial failure, a range delete (clear) or an update by change spec: the listener re-reads everything.
  if (res.numFailures > 0) return { type: 'reset' };
  switch (req.type) {
    case 'add':
    case 'put':
      if (req.type === 'put' && (req.updates || req.changeSpec)) return { type: 'reset' };
      return customers
        ? { type: 'customer-put', rows: req.values as readonly CustomerRow[] }
        : { type: 'put', rows: req.values as readonly SummaryRow[] };
    case 'delete':
      return { type: customers ? 'customer-delete' : 'delete', keys: req.keys as string[] };
    default:
      return { type: 'reset' };
  }
}
