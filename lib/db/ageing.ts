import { compareDecimals, sumDecimals } from '../model';
import type { OpenInvoice } from './rows';

/** Ageing buckets of an open balance by days past due, as providers' aged receivables reports bucket them. */
export interface Ageing {
  current: string;
  days1to30: string;
  days31to60: string;
  days61to90: string;
  over90: string;
}

export const AGEING_LABELS: Record<keyof Ageing, string> = {
  current: 'Current',
  days1to30: '1–30 days',
  days31to60: '31–60 days',
  days61to90: '61–90 days',
  over90: '90+ days',
};

/** Whole days from `from` to `to` (both YYYY-MM-DD), in UTC so daylight saving never shifts a day. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function ageOpenInvoices(open: readonly OpenInvoice[], today: string): Ageing {
  const buckets: Record<keyof Ageing, string[]> = {
    current: [],
    days1to30: [],
    days31to60: [],
    days61to90: [],
    over90: [],
  };
  for (const invoice of open) {
    const late = invoice.dueDate ? daysBetween(invoice.dueDate, today) : 0;
    const bucket: keyof Ageing =
      late <= 0 ? 'current' : late <= 30 ? 'days1to30' : late <= 60 ? 'days31to60' : late <= 90 ? 'days61to90' : 'over90';
    buckets[bucket].push(invoice.balance);
  }
  return {
    current: sumDecimals(buckets.current),
    days1to30: sumDecimals(buckets.days1to30),
    days31to60: sumDecimals(buckets.days31to60),
    days61to90: sumDecimals(buckets.days61to90),
    over90: sumDecimals(buckets.over90),
  };
}

/** The part of the open invoices that is past due on `today`. */
export function overdueAmount(open: readonly OpenInvoice[], today: string): string {
  return sumDecimals(open.filter((i) => i.dueDate !== null && i.dueDate < today).map((i) => i.balance));
}

/** Days the oldest open invoice is past due; 0 when nothing is. */
export function daysOverdue(oldestOpenDue: string, today: string): number {
  return oldestOpenDue ? Math.max(0, daysBetween(oldestOpenDue, today)) : 0;
}

export function isPositive(amount: string): boolean {
  return compareDecimals(amount, '0') > 0;
}
