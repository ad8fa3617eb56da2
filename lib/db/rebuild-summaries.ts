import type { EntityTable } from 'dexie';
import type { CustomerRow, InvoiceRow, PaymentRow, SummaryRow } from './rows';
import type { CustomerReader } from './customer-store';
import { buildSummary } from './summary-row';

/**
 * The tables a summary is derived from and written to (Dexie tables of the db, or of an upgrade transaction), the
 * customers through their store (lib/db/customer-store.ts; the v2 → v3 upgrade passes the v3 `customers` table).
 */
export interface SummaryTables {
  customers: CustomerReader;
  invoices: EntityTable<InvoiceRow, 'key'>;
  payments: EntityTable<PaymentRow, 'key'>;
  summaries: EntityTable<SummaryRow, 'key'>;
}

/**
 * Rebuilds the summaries of many customers with a constant number of IndexedDB requests, whatever their number: one
 * bulkGet of the customers not already `known`, one anyOf() read of their invoices and one of their payments, one
 * bulkPut of the summaries of customers with invoices or payments and one anyOf() delete of the others' rows (their
 * summary is derived: lib/db/stored-summaries.ts). (Per customer a get, two index reads and a put cost ~5 requests
 * each: issue #7 P7.) A key without a customer row loses its summary. Runs inside the caller's transaction.
 *
 * Returns every rebuilt summary, stored or derived.
 *
 * `known` maps a key to the customer row the caller already holds (or null: deleted), e.g. a feed page's customers.
 */
export async function rebuildSummaries(
  tables: SummaryTables,
  customerKeys: Iterable<string>,
  known: ReadonlyMap<string, CustomerRow | null> = new Map(),
): Promise<Map<string, SummaryRow>> {
  const keys = [...new Set(customerKeys)];
  const unknown = keys.filter((k) => !known.has(k));
  const fetched = unknown.length > 0 ? await tables.customers.bulkGet(unknown) : [];
  const customers = new Map<string, CustomerRow>();
  unknown.forEach((key, i) => {
    const row = fetched[i];
    if (row) customers.set(key, row);
  });
  for (const key of keys) {
    const row = known.get(key);
    if (row) customers.set(key, row);
  }
  const gone = keys.filter((k) => !customers.has(k));
  const present = [...customers.keys()];
  const [invoices, payments] =
    present.length > 0
      ? await Promise.all([
          tables.invoices.where('customerKey').anyOf(present).toArray(),
          tables.payments.where('customerKey').anyOf(present).toArray(),
        ])
      : [[], []];
  // anyOf() yields rows in (customerKey, key) order, so each customer's rows keep primary-key order.
  const invoicesOf = groupBy(invoices);
  const paymentsOf = groupBy(payments);
  const built = new Map<string, SummaryRow>();
  const stored: SummaryRow[] = [];
  // Customers without invoices and payments get no row (lib/db/stored-summaries.ts: their summary is derived).
  const unstored = [...gone];
  for (const [key, row] of customers) {
    const invoicesOfCustomer = invoicesOf.get(key);
    const paymentsOfCustomer = paymentsOf.get(key);
    const summary = buildSummary(row.data, invoicesOfCustomer ?? [], paymentsOfCustomer ?? []);
    built.set(key, summary);
    if (invoicesOfCustomer || paymentsOfCustomer) stored.push(summary);
    else unstored.push(key);
  }
  await Promise.all([
    stored.length > 0 ? tables.summaries.bulkPut(stored) : null,
    // One key cursor that deletes only the rows that exist: a first import has none, and a delete request per
    // absent key would cost what the put saved.
    unstored.length > 0 ? tables.summaries.where(':id').anyOf(unstored).delete() : null,
  ]);
  return built;
}

function groupBy<T>(rows: readonly { customerKey: string; data: T }[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const row of rows) {
    const list = out.get(row.customerKey);
    if (list) list.push(row.data);
    else out.set(row.customerKey, [row.data]);
  }
  return out;
}
