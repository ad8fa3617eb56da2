import { sumDecimals, type Customer } from '../../lib/model';

/**
 * A customer's `overdue` is derived, not read: the sum of its open invoices' balances whose due date has passed
 * (exact decimal sums, lib/model/money.ts). QBO's Customer carries only Balance; the panel shows both.
 */
export interface OpenInvoiceRow {
  customerId: string;
  balance: string;
  dueDate: string | null;
}

export function overdueByCustomer(rows: readonly OpenInvoiceRow[], today: string): Map<string, string> {
  const parts = new Map<string, string[]>();
  for (const row of rows) {
    if (row.dueDate === null || row.dueDate >= today) continue;
    const list = parts.get(row.customerId) ?? [];
    list.push(row.balance);
    parts.set(row.customerId, list);
  }
  return new Map([...parts].map(([id, balances]) => [id, sumDecimals(balances)]));
}

export function withOverdue(customers: readonly Customer[], overdue: ReadonlyMap<string, string>): Customer[] {
  return customers.map((c) => ({ ...c, overdue: overdue.get(c.id) ?? '0' }));
}

/** The company's calendar day for due-date comparisons (UTC: QBO dates carry no zone). */
export function todayOf(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}
