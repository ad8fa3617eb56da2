import { customersOf } from '../db/customer-store';
import { formatMoney } from '../model';
import type { AppliedChanges } from '../sync/feed-applier';
import type { NotificationPrefs } from '../settings';
import type { LedgerDb } from '../db/schema';

export interface Notice {
  id: string;
  title: string;
  message: string;
}

/**
 * Turns a feed page's changes into notices for the watched customers (off unless the user enabled it in options).
 * Pure apart from reading customer names, so the rules are tested without a browser.
 */
export async function noticesFor(
  db: LedgerDb,
  changes: AppliedChanges,
  prefs: NotificationPrefs,
  locale?: string,
): Promise<Notice[]> {
  if (!prefs.enabled) return [];
  const watched = new Set(prefs.watched);
  const name = async (key: string) => (await customersOf(db).get(key))?.data.displayName ?? 'A customer';
  const notices: Notice[] = [];
  if (prefs.payments) {
    for (const p of changes.newPayments) {
      if (!watched.has(p.customerKey)) continue;
      notices.push({
        id: `payment:${p.key}`,
        title: `${await name(p.customerKey)} paid`,
        message: `${formatMoney(p.data.amount, p.data.currency, locale)} received on ${p.data.date}.`,
      });
    }
  }
  if (prefs.overdue) {
    for (const i of changes.newlyOverdue) {
      if (!watched.has(i.customerKey)) continue;
      notices.push({
        id: `overdue:${i.key}`,
        title: `${await name(i.customerKey)}: invoice overdue`,
        message: `Invoice ${i.data.number ?? ''} (${formatMoney(i.data.balance, i.data.currency, locale)}) was due ${i.dueDate}.`,
      });
    }
  }
  return notices;
}
