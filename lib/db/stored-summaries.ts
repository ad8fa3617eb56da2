import type { EntityTable } from 'dexie';
import type { Customer } from '../model';
import type { SummaryRow } from './rows';
import { customersOf, type ChunkTable } from './customer-store';
import { emptySummary, noActivity } from './summary-row';

/**
 * Which summaries are stored (issue #7 P7). A customer without any invoice or payment has the summary
 * emptySummary(customer), derived from its customer row alone, so `summaries` holds no row for it: a first import of
 * 100,000 customers writes 100,000 rows less (one IndexedDB request each). Every reader goes through these functions
 * and sees a summary for every customer, stored or derived, exactly as when every customer had its row.
 */

/** A customer's summary: the stored row, or the one derived from the customer when none is stored. */
export function summaryOf(customer: Customer, stored: SummaryRow | undefined): SummaryRow {
  return stored ?? emptySummary(customer);
}

/**
 * The summary derived from a stored one whose customer lost its last invoice and payment: every field emptySummary
 * takes from the customer is in the stored row (written with the customer in the same transaction), the rest reset.
 */
export function withoutActivity(stored: SummaryRow): SummaryRow {
  return { ...stored, ...noActivity() };
}

interface SummarySource {
  customerChunks: ChunkTable;
  summaries: EntityTable<SummaryRow, 'key'>;
}

/** One customer's summary (undefined when the customer is not in the mirror and no summary is stored for it). */
export async function readSummary(db: SummarySource, key: string): Promise<SummaryRow | undefined> {
  const [stored, customer] = await Promise.all([db.summaries.get(key), customersOf(db).get(key)]);
  return stored ?? (customer ? emptySummary(customer.data) : undefined);
}

/**
 * Every summary, stored or derived, and the keys of every customer. Call it inside one read transaction over both
 * tables for a consistent snapshot.
 */
export async function readAllSummaries(db: SummarySource): Promise<{ summaries: SummaryRow[]; customerKeys: Set<string> }> {
  const [stored, customers] = await Promise.all([db.summaries.toArray(), customersOf(db).all()]);
  // Both lists come in primary-key order; merged, the result keeps it (as one toArray of every summary did).
  const summaries: SummaryRow[] = [];
  let i = 0;
  for (const row of customers) {
    while (i < stored.length && stored[i]!.key < row.key) summaries.push(stored[i++]!);
    if (i < stored.length && stored[i]!.key === row.key) summaries.push(stored[i++]!);
    else summaries.push(emptySummary(row.data));
  }
  while (i < stored.length) summaries.push(stored[i++]!);
  return { summaries, customerKeys: new Set(customers.map((row) => row.key)) };
}
