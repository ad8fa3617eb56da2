import type { LedgerDb } from '../db/schema';
import type { SummaryRow } from '../db/rows';
import { rebuildSummaries, type SummaryTables } from '../db/rebuild-summaries';
import { customersOf } from '../db/customer-store';

/** The tables rebuildSummaries reads and writes, the customers through their store. */
export function summaryTables(db: LedgerDb): SummaryTables {
  return { customers: customersOf(db), invoices: db.invoices, payments: db.payments, summaries: db.summaries };
}

export { SALE_STATUSES, buildSummary } from '../db/summary-row';

/**
 * Rebuilds one customer's summary from its invoices and payments (null when the customer is gone, and so is its
 * summary). Callers run it inside a transaction over customers, invoices, payments and summaries, so the summary is
 * never out of step with the rows it is derived from. The feed applier rebuilds a whole page's customers at once
 * with rebuildSummaries (lib/db/rebuild-summaries.ts), the same derivation.
 */
export async function recomputeSummary(db: LedgerDb, customerKey: string): Promise<SummaryRow | null> {
  return (await rebuildSummaries(summaryTables(db), [customerKey])).get(customerKey) ?? null;
}
