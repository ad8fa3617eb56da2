import type { Customer } from '../../lib/model';
import type { SkippedInput } from '../store/sync-log';

type CustomerLike = Pick<Customer, 'id' | 'displayName' | 'emails'>;

export const hasEmail = (customer: Pick<Customer, 'emails'>): boolean => customer.emails.some((e) => e.trim() !== '');

/**
 * The per-company setting "only sync customers with an email" (issue 4 §5, reason no_email): for teams that match
 * CRM records by email only, a customer without one can never be matched, so it is left out of the mirror and
 * listed in the sync log instead. With the setting off every customer is kept.
 */
export function splitByRequiredEmail<T extends CustomerLike>(customers: readonly T[], requireEmail: boolean): { kept: T[]; skipped: SkippedInput[] } {
  if (!requireEmail) return { kept: [...customers], skipped: [] };
  const kept: T[] = [];
  const skipped: SkippedInput[] = [];
  for (const customer of customers) {
    if (hasEmail(customer)) kept.push(customer);
    else skipped.push({ entity: 'customer', providerId: customer.id, reason: 'no_email', message: noEmailMessage(customer.displayName) });
  }
  return { kept, skipped };
}

function noEmailMessage(displayName: string): string {
  return (
    `${displayName} has no email address, and this company's sync settings only sync customers with an email, so ` +
    'LedgerLens does not show it. Add an email in the accounting app, or turn the setting off on the options page.'
  );
}
