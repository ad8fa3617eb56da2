import type { Customer, RecordContext } from '../model';
import type { LedgerDb } from '../db/schema';
import { dexieSource } from './dexie-source';
import { matchRecord, type MatchedBy, type MatchResult } from './match-record';
import type { MatchingRules } from './rules';

export * from './match-record';
export * from './normalize';
export * from './rules';
export { dexieSource } from './dexie-source';
export { memorySource } from './memory-source';
export { FREE_MAIL_DOMAINS } from './free-mail-domains';

/** What lookupRecord spreads into its 'matched' answer: status and explanation ride along for the panel. */
export interface Match extends MatchResult {
  customers: Customer[];
  matchedBy: MatchedBy;
}

/**
 * The background's entry point (kept from the walking skeleton): matchRecord over the Dexie mirror; null when
 * nothing matched. Suggestions (domain) come back too, with status 'suggested' — the panel shows them as such.
 */
export async function findCustomers(
  db: LedgerDb,
  context: RecordContext,
  connectionIds?: ReadonlySet<string>,
  rules?: MatchingRules,
): Promise<Match | null> {
  const result = await matchRecord(context, dexieSource(db), {
    ...(connectionIds ? { connectionIds } : {}),
    ...(rules ? { rules } : {}),
  });
  return result.status === 'none' || result.matchedBy === null ? null : { ...result, matchedBy: result.matchedBy };
}
