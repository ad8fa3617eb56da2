import type { Dexie } from 'dexie';
import type { LedgerDb } from '../db/schema';
import type { Sale, SummaryRow } from '../db/rows';
import { onSummariesCommitted, type SummaryChange } from '../db/summary-changes';
import { emptySummary } from '../db/summary-row';
import { readAllSummaries, withoutActivity } from '../db/stored-summaries';

/** A summary as the in-memory search holds it: the row plus float approximations for the coarse compares. */
export interface SearchRow {
  row: SummaryRow;
  balanceNum: number;
  lifetimeNum: number;
  sales: readonly Sale[];
  /** The figures that depend on today, memoized for `day` (every search of a day asks for the same ones). */
  day: string;
  late: number;
  overdue: string;
  overdueNum: number;
}

interface IndexState {
  /** null: not built (or dropped by a reset); the next search builds it. */
  rows: Map<string, SearchRow> | null;
  /** Keys of the customers in the mirror (built with rows): a deleted stored summary falls back to the derived one. */
  customerKeys: Set<string>;
  /** rows as an array, rebuilt after a change (iterating an array is what every search does). */
  list: SearchRow[] | null;
  /** The build in flight, and the writes committed while it reads. */
  building: Promise<void> | null;
  queued: SummaryChange[] | null;
  generation: number;
}

const states = new WeakMap<Dexie, IndexState>();

export function toSearchRow(row: SummaryRow): SearchRow {
  return {
    row, balanceNum: Number(row.balance), lifetimeNum: Number(row.lifetimeSales), sales: row.sales ?? [],
    day: '', late: 0, overdue: '0', overdueNum: 0,
  };
}

/**
 * The accounting search's in-memory index (issue #7 P7: 100,000 summaries filtered in IndexedDB took ~850 ms a
 * search). Built lazily by the first search with one toArray() of the stored summaries and one of the customer chunks
 * (whose summary is derived when none is stored: lib/db/stored-summaries.ts); kept current by every committed write
 * to summaries and customers (lib/db/summary-changes.ts reports them after commit, whoever the writer), so it is
 * never stale.
 * A write committed while the build reads is queued and replayed on top of what was read: a put or delete of the
 * latest value is idempotent, so the replay is right whether the read saw the write or not.
 */
export async function searchRows(db: LedgerDb): Promise<readonly SearchRow[]> {
  const state = stateOf(db);
  for (;;) {
    if (state.rows) return (state.list ??= [...state.rows.values()]);
    await (state.building ??= build(db, state));
  }
}

/** Whether the index is built (for the bench's "first search" figure and for tests). */
export function searchIndexBuilt(db: LedgerDb): boolean {
  return states.get(db)?.rows != null;
}

function stateOf(db: LedgerDb): IndexState {
  let state = states.get(db);
  if (!state) {
    const fresh: IndexState = { rows: null, customerKeys: new Set(), list: null, building: null, queued: null, generation: 0 };
    onSummariesCommitted(db, (changes) => apply(fresh, changes));
    states.set(db, (state = fresh));
  }
  return state;
}

async function build(db: LedgerDb, state: IndexState): Promise<void> {
  const generation = state.generation;
  state.queued = [];
  try {
    // One read transaction: stored summaries and customers (whose summary is derived) of the same snapshot.
    const { summaries, customerKeys } = await db.transaction('r', db.summaries, db.customerChunks, () => readAllSummaries(db));
    // A reset during the read (clear, range delete) leaves rows null: the loop in searchRows builds again.
    if (state.generation !== generation) return;
    const rows = new Map(summaries.map((row) => [row.key, toSearchRow(row)]));
    const queued = state.queued;
    state.queued = null;
    state.rows = rows;
    state.customerKeys = customerKeys;
    state.list = null;
    apply(state, queued);
  } finally {
    state.queued = null;
    state.building = null;
  }
}

function apply(state: IndexState, changes: readonly SummaryChange[]): void {
  if (state.queued) {
    if (changes.some((c) => c.type === 'reset')) state.generation += 1;
    else state.queued.push(...changes);
    return;
  }
  const rows = state.rows;
  if (!rows) return;
  for (const change of changes) {
    if (change.type === 'reset') {
      state.rows = null;
      state.list = null;
      state.generation += 1;
      return;
    }
    applyChange(state, rows, change);
  }
  state.list = null;
}

/**
 * A customer write shows its derived summary; the stored summary its transaction writes after it (the applier
 * writes customers before summaries, every writer of customers rebuilds their summaries in the same transaction)
 * then replaces it. A deleted stored summary of a customer still in the mirror falls back to the derived one.
 */
function applyChange(state: IndexState, rows: Map<string, SearchRow>, change: Exclude<SummaryChange, { type: 'reset' }>): void {
  switch (change.type) {
    case 'put':
      for (const row of change.rows) rows.set(row.key, toSearchRow(row));
      return;
    case 'delete':
      for (const key of change.keys) {
        const current = rows.get(key);
        if (current && state.customerKeys.has(key)) rows.set(key, toSearchRow(withoutActivity(current.row)));
        else rows.delete(key);
      }
      return;
    case 'customer-put':
      for (const row of change.rows) {
        state.customerKeys.add(row.key);
        rows.set(row.key, toSearchRow(emptySummary(row.data)));
      }
      return;
    case 'customer-delete':
      for (const key of change.keys) {
        state.customerKeys.delete(key);
        rows.delete(key);
      }
      return;
  }
}
