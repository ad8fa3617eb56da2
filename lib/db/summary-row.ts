import { compareDecimals, recordKey, sumDecimals, type Customer, type Invoice, type Payment } from '../model';
import type { OpenInvoice, Sale, SummaryRow } from './rows';

/** Invoices that count as sales: issued ones (a draft is not yet a sale, a void one never was). */
export const SALE_STATUSES: ReadonlySet<string> = new Set(['open', 'paid']);

/** A summary from the customer record alone (no invoices known yet). */
export function emptySummary(customer: Customer): SummaryRow {
  return {
    key: recordKey(customer),
    connectionId: customer.connectionId,
    provider: customer.provider,
    companyId: customer.companyId,
    currency: customer.currency,
    displayName: customer.displayName,
    text: summaryText(customer),
    balance: customer.balance,
    balanceNum: Number(customer.balance),
    ...noActivity(),
  };
}

/** The fields of a summary that come from invoices and payments, as they are for a customer with neither. */
export function noActivity(): Pick<
  SummaryRow,
  'openInvoices' | 'oldestOpenDue' | 'lastInvoiceDate' | 'lastPaymentDate' | 'lifetimeSales' | 'lifetimeNum' | 'salesByYear' | 'sales'
> {
  return { openInvoices: [], oldestOpenDue: '', lastInvoiceDate: '', lastPaymentDate: '', lifetimeSales: '0', lifetimeNum: 0, salesByYear: {}, sales: [] };
}

export function summaryText(customer: Customer): string {
  return [customer.displayName, customer.companyName, customer.givenName, customer.familyName, ...customer.emails]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
}

/**
 * A customer's summary from its invoices and payments (pure; lib/db/rebuild-summaries.ts reads the rows). The
 * invoices come in primary-key order, so equal due dates keep one stable order in `openInvoices`.
 */
export function buildSummary(customer: Customer, invoices: readonly Invoice[], payments: readonly Payment[]): SummaryRow {
  const summary = emptySummary(customer);
  const open: OpenInvoice[] = [];
  const sales: Sale[] = [];
  const byYear: Record<string, string[]> = {};
  for (const data of invoices) {
    if (SALE_STATUSES.has(data.status)) {
      sales.push({ date: data.issueDate, total: data.total });
      (byYear[data.issueDate.slice(0, 4)] ??= []).push(data.total);
      if (data.issueDate > summary.lastInvoiceDate) summary.lastInvoiceDate = data.issueDate;
    }
    if (data.status === 'open' && compareDecimals(data.balance, '0') > 0) {
      open.push({ dueDate: data.dueDate, balance: data.balance });
    }
  }
  for (const data of payments) if (data.date > summary.lastPaymentDate) summary.lastPaymentDate = data.date;
  open.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
  summary.openInvoices = open;
  summary.oldestOpenDue = open.find((i) => i.dueDate)?.dueDate ?? '';
  summary.lifetimeSales = sumDecimals(sales.map((s) => s.total));
  summary.lifetimeNum = Number(summary.lifetimeSales);
  summary.salesByYear = Object.fromEntries(Object.entries(byYear).map(([year, totals]) => [year, sumDecimals(totals)]));
  summary.sales = sales;
  return summary;
}
