import type { Customer, RecordContext } from './model';
import type { LedgerDb } from './db/schema';
import { normalizeEmail, normalizeName, normalizedSet } from './db/normalize';

export type MatchedBy = 'email' | 'name';
export interface Match {
  customers: Customer[];
  matchedBy: MatchedBy;
}

/**
 * Who in the accounting mirror is this CRM record? Any of the record's emails first (a provider customer may hold
 * several, and so may the CRM record), then the exact normalized name. Several hits are all returned: the user
 * decides, we never guess. `connectionIds` limits hits to connections the proxy still lists.
 */
export async function findCustomers(
  db: LedgerDb,
  context: RecordContext,
  connectionIds?: ReadonlySet<string>,
): Promise<Match | null> {
  const keep = (rows: { connectionId: string; data: Customer }[]) =>
    rows
      .filter((row) => !connectionIds || connectionIds.has(row.connectionId))
      .map((row) => row.data)
      .sort((a, b) => a.displayName.localeCompare(b.displayName));

  const emails = normalizedSet(context.emails, normalizeEmail);
  if (emails.length > 0) {
    const byEmail = keep(await db.customers.where('emails').anyOf(emails).distinct().toArray());
    if (byEmail.length > 0) return { customers: byEmail, matchedBy: 'email' };
  }
  const name = context.name ? normalizeName(context.name) : '';
  if (name) {
    const byName = keep(await db.customers.where('names').equals(name).toArray());
    if (byName.length > 0) return { customers: byName, matchedBy: 'name' };
  }
  return null;
}
