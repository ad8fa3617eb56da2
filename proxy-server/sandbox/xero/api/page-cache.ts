import { type Context } from 'hono';
import { type TenantStore } from '../store/tenant-store';
import { type Pagination } from './envelope';

/**
 * Serialised list rows, kept until the next write (issue 3: flat per-page latency at 1,000,000 invoices). A page of
 * 1,000 invoices or contacts is ~1 MB of JSON; building it means materialising rows, balances and nested contacts,
 * and a syncing client asks for the same pages again. Entries are keyed by the request and checked against a
 * revision string made of the store's change counters (and the day, for overdue balances), so any write, or a
 * reset (a new store object), makes them miss.
 */
export interface CachedPage {
  /** The collection's rows as a JSON array. */
  json: string;
  pagination?: Pagination | undefined;
}

export interface PageCache {
  page(store: TenantStore, key: string, revision: string, build: () => { rows: unknown[]; pagination?: Pagination | undefined }): CachedPage;
}

export function createPageCache(limit = 16): PageCache {
  const perStore = new WeakMap<TenantStore, Map<string, { revision: string; page: CachedPage }>>();
  return {
    page(store, key, revision, build) {
      let entries = perStore.get(store);
      if (!entries) {
        entries = new Map();
        perStore.set(store, entries);
      }
      const hit = entries.get(key);
      if (hit && hit.revision === revision) {
        // Refresh its place, so the map's insertion order is least-recently-used first.
        entries.delete(key);
        entries.set(key, hit);
        return hit.page;
      }
      const built = build();
      const page: CachedPage = { json: JSON.stringify(built.rows), pagination: built.pagination };
      entries.delete(key);
      entries.set(key, { revision, page });
      while (entries.size > limit) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return page;
    },
  };
}

/** The request's identity for the cache: path, query and the headers that change the answer. */
export function pageKey(c: Context): string {
  const url = new URL(c.req.url);
  return `${url.pathname}?${url.search}|${c.req.header('if-modified-since') ?? ''}`;
}

/**
 * Sends an envelope whose collection (its last key, envelope.ts) is already serialised: the envelope is stringified
 * with an empty collection and the rows spliced in, so cached rows are not parsed or stringified again.
 */
export function jsonWithRows(c: Context, envelopeBody: Record<string, unknown>, rowsJson: string): Response {
  const head = JSON.stringify(envelopeBody);
  if (!head.endsWith('[]}')) throw new Error('the collection must be the envelope\'s last key');
  return c.body(`${head.slice(0, -3)}${rowsJson}}`, 200, { 'content-type': 'application/json' });
}
