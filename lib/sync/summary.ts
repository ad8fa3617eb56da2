import { compareDecimals, sumDecimals } from '../model';
import { emptySummary, type LedgerDb } from '../db/schema';
import type { OpenInvoice, SummaryRow } from '../db/rows';

/** Invoices that count as sales: issued ones (a draft is not yet a sale, a void one never was). */
const SALE_STATUSES = new Set(['open', 'paid']);

/**
 * Rebuilds one customer's summary from its invoices and payments. Runs inside the feed applier's transaction for
 * every customer a page touched, so the summary is never out of step with the rows it is derived from.
 */
export async function recomputeSummary(db: LedgerDb, customerKey: string): Promise<SummaryRow | null> {
  const customer = await db.customers.get(customerKey);
  if (!customer) {
    await db.summaries.delete(customerKey);
    return null;
  }
  const [invoices, payments] = await Promise.all([
    db.invoices.where('customerKey').equals(customerKey).toArray(),
    db.payments.where('customerKey').equals(customerKey).toArray(),
  ]);
  const summary = emptySummary(customer.data);
  const open: OpenInvoice[] = [];
  const sales: string[] = [];
  const byYear: Record<string, string[]> = {};
  for (const { data } of invoices) {
    if (SALE_STATUSES.has(data.status)) {
      sales.push(data.total);
      (byYear[data.issueDate.slice(0, 4)] ??= []).push(data.total);
      if (data.issueDate > summary.lastInvoiceDate) summary.lastInvoiceDate = data.issueDate;
    }
    if (data.status === 'open' && compareDecimals(data.balance, '0') > 0) {
      open.push({ dueDate: data.dueDate, balance: data.balance });
    }
  }
  for (const { data } of payments) if (data.date > summary.lastPaymentDate) summary.lastPaymentDate = data.date;
  open.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  summary.openInvoices = open;
  summary.oldestOpenDue = open.find((i) => i.dueDate)?.dueDate ?? '';
  summary.lifetimeSales = sumDecimals(sales);
  summary.lifetimeNum = Number(summary.lifetimeSales);
  summary.salesByYear = Object.fromEntries(Object.entries(byYear).map(([year, totals]) => [year, sumDecimals(totals)]));
  await db.summaries.put(summary);
  return summary;
}
