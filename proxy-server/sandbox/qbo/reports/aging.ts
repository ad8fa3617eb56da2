import { DAY_MS, qboDateToMs } from '../qbo-time.js';
import type { QboCompanyData } from '../records.js';

/**
 * The open items an A/R aging report ages (AgedReceivables, AgedReceivableDetail): every invoice with a Balance on
 * the report date (aged by DueDate) and every credit memo with RemainingCredit (a negative amount aged by TxnDate),
 * so a customer's total equals its Customer.Balance. Amounts are in each transaction's currency: the sandbox has
 * no exchange rates, so a multi-currency company's report sums them unconverted (docs/SANDBOX.md).
 */
export interface AgingItem {
  txnType: 'Invoice' | 'Credit Memo';
  id: string;
  docNumber: string;
  customerId: string;
  txnDate: string;
  dueDate: string;
  totalCents: number;
  openCents: number;
  /** Days past due on the report date; <= 0 is Current. */
  daysPastDue: number;
}

export interface AgingOptions {
  reportDate: string;
  agingPeriod: number;
  numPeriods: number;
  customerIds?: ReadonlySet<string>;
}

export function agingItems(company: QboCompanyData, options: AgingOptions): AgingItem[] {
  const reportMs = qboDateToMs(options.reportDate);
  const days = (date: string): number => Math.round((reportMs - qboDateToMs(date)) / DAY_MS);
  const wanted = (customerId: string): boolean => options.customerIds === undefined || options.customerIds.has(customerId);
  const items: AgingItem[] = [];
  for (const invoice of company.invoices) {
    if (invoice.balanceCents === 0 || invoice.txnDate > options.reportDate || !wanted(invoice.customerId)) continue;
    items.push({
      txnType: 'Invoice', id: invoice.id, docNumber: invoice.docNumber, customerId: invoice.customerId, txnDate: invoice.txnDate,
      dueDate: invoice.dueDate, totalCents: invoice.totalCents, openCents: invoice.balanceCents, daysPastDue: days(invoice.dueDate),
    });
  }
  for (const memo of company.creditMemos.rows) {
    if (memo.remainingCreditCents === 0 || memo.txnDate > options.reportDate || !wanted(memo.customerId)) continue;
    items.push({
      txnType: 'Credit Memo', id: memo.id, docNumber: memo.docNumber, customerId: memo.customerId, txnDate: memo.txnDate,
      dueDate: memo.txnDate, totalCents: -memo.totalCents, openCents: -memo.remainingCreditCents, daysPastDue: days(memo.txnDate),
    });
  }
  return items;
}

/** Column titles: "Current", "1 - 30", "31 - 60", "61 - 90", "91 and over" for period 30 × 4 (the docs sample). */
export function bucketTitles(agingPeriod: number, numPeriods: number): string[] {
  const titles = ['Current'];
  for (let i = 0; i < numPeriods - 1; i += 1) titles.push(`${i * agingPeriod + 1} - ${(i + 1) * agingPeriod}`);
  titles.push(`${(numPeriods - 1) * agingPeriod + 1} and over`);
  return titles;
}

/** 0 = Current, 1..numPeriods = the period the item falls in. */
export function bucketOf(daysPastDue: number, agingPeriod: number, numPeriods: number): number {
  if (daysPastDue <= 0) return 0;
  return Math.min(numPeriods, Math.ceil(daysPastDue / agingPeriod));
}

/** QBO report money: "37.50"; a blank cell when the amount is zero in data rows (the docs sample). */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const moneyOrBlank = (cents: number): string => (cents === 0 ? '' : money(cents));
