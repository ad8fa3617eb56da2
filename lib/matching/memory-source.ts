import type { Customer, Link } from '../model';
import { recordKey } from '../model';
import { domainsOf, nameKeysOf, normalizeEmail } from './normalize';
import type { MatchSource } from './match-record';

/** A MatchSource over arrays: for tests, and a reference for what an index-backed source must return. */
export function memorySource(customers: readonly Customer[], links: readonly Link[] = [], seats: Record<string, string> = {}): MatchSource {
  return {
    linkFor: async (key) => links.find((l) => l.recordKey === key) ?? null,
    customerByKey: async (key) => customers.find((c) => recordKey(c) === key) ?? null,
    customersByEmail: async (emails) => customers.filter((c) => c.emails.some((e) => emails.includes(normalizeEmail(e)))),
    customersByNameKey: async (key) => customers.filter((c) => nameKeysOf(c).includes(key)),
    customersByDomain: async (domain) => customers.filter((c) => domainsOf(c).includes(domain)),
    seatName: async (id) => seats[id] ?? null,
  };
}
