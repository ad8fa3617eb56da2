import { recordKey, type Customer, type Invoice, type Payment } from '../model';
import type { LedgerDb } from '../db/schema';
import { ageOpenInvoices, daysOverdue, overdueAmount } from '../db/ageing';
import { readSummary } from '../db/stored-summaries';
import type { CustomerDetails } from '../panel/panel-data';

/** The panel shows this many of a customer's latest invoices. */
const PANEL_INVOICES = 5;
/** Issued invoices (a draft is not yet sent, a void one never counts as "the last invoice"). */
const ISSUED = new Set(['open', 'paid']);

/**
 * What the panel shows under each matched customer, from the local mirror (schema v2): the summary the feed applier
 * maintains (ageing and overdue derived for `today`), the last issued invoice and last payment, and the latest
 * invoices. Reads only the matched customers' rows, through the customerKey indexes.
 */
export async function lookupDetails(db: LedgerDb, customers: readonly Customer[], today: string): Promise<Record<string, CustomerDetails>> {
  const entries = await Promise.all(
    customers.map(async (customer) => {
      const key = recordKey(customer);
      const [summary, invoiceRows, paymentRows] = await Promise.all([
        readSummary(db, key),
        db.invoices.where('customerKey').equals(key).toArray(),
        db.payments.where('customerKey').equals(key).toArray(),
      ]);
      const invoices = invoiceRows.map((r) => r.data as Invoice).sort((a, b) => b.issueDate.localeCompare(a.issueDate));
      const payments = paymentRows.map((r) => r.data as Payment).sort((a, b) => b.date.localeCompare(a.date));
      const lastInvoice = invoices.find((i) => ISSUED.has(i.status)) ?? null;
      const lastPayment = payments[0] ?? null;
      const details: CustomerDetails = {
        summary: summary
          ? {
              overdue: overdueAmount(summary.openInvoices, today),
              overdueDays: daysOverdue(summary.oldestOpenDue, today),
              ageing: ageOpenInvoices(summary.openInvoices, today),
              lastInvoice: lastInvoice ? { date: lastInvoice.issueDate, number: lastInvoice.number, total: lastInvoice.total } : null,
              lastPayment: lastPayment ? { date: lastPayment.date, amount: lastPayment.amount } : null,
            }
          : null,
        invoices: invoices.slice(0, PANEL_INVOICES),
        payments: payments.slice(0, 1),
      };
      return [key, details] as const;
    }),
  );
  return Object.fromEntries(entries);
}
