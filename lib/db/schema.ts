import { Dexie, type EntityTable } from 'dexie';
import { type Connection, type Customer, recordKey } from '../model';
import { normalizeEmail, normalizeName, normalizedSet } from './normalize';

/**
 * The extension's local mirror. It lives in the background's (extension) origin only, never in a content script,
 * so the CRM page's scripts cannot read it (DESIGN.md "Why Dexie lives in the background only").
 */

export interface CustomerRow {
  /** recordKey(customer): provider:companyId:id — the feed's `key`. */
  key: string;
  connectionId: string;
  /** Normalized (trimmed, lower-cased) emails; multiEntry index. */
  emails: string[];
  /** Normalized display name and "given family" name; multiEntry index. */
  names: string[];
  data: Customer;
}

export interface MetaRow {
  key: 'feed';
  /** Feed cursor after the last applied page; null before the first page. */
  cursor: string | null;
  /** When the last page was applied (ISO). */
  appliedAt: string | null;
}

export type LedgerDb = Dexie & {
  customers: EntityTable<CustomerRow, 'key'>;
  meta: EntityTable<MetaRow, 'key'>;
  connections: EntityTable<Connection, 'id'>;
};

export const DB_NAME = 'ledgerlens';

/**
 * Versioned schema. Add a new `db.version(n)` with an upgrade for every change to keys or indexes, and keep the old
 * ones (Dexie needs the history to upgrade an installed extension).
 */
export function openLedgerDb(name = DB_NAME): LedgerDb {
  const db = new Dexie(name) as LedgerDb;
  db.version(1).stores({
    customers: 'key, connectionId, *emails, *names',
    meta: 'key',
    connections: 'id',
  });
  return db;
}

export function customerRow(customer: Customer): CustomerRow {
  const fullName = [customer.givenName, customer.familyName].filter(Boolean).join(' ');
  return {
    key: recordKey(customer),
    connectionId: customer.connectionId,
    emails: normalizedSet(customer.emails, normalizeEmail),
    names: normalizedSet([customer.displayName, fullName], normalizeName),
    data: customer,
  };
}
