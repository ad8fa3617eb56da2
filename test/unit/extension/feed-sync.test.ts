import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import { applyFeedPage, readCursor } from '../../../lib/sync/feed-applier';
import { createFeedPuller } from '../../../lib/sync/feed-puller';
import { createProxyClient } from '../../../lib/proxy-client';
import { createFakeProxy, customer, remove, upsert } from './support/fake-proxy';
import { customersOf } from '../../../lib/db/customer-store';

let dbs: LedgerDb[] = [];
function freshDb(): LedgerDb {
  const db = openLedgerDb(`test-${crypto.randomUUID()}`);
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs) await db.delete();
  dbs = [];
});

const puller = (db: LedgerDb, proxy: ReturnType<typeof createFakeProxy>) =>
  createFeedPuller({
    db,
    client: async () => createProxyClient({ baseUrl: 'http://127.0.0.1:4000', token: proxy.token, fetch: proxy.fetch }),
    pageSize: proxy.pageSize,
  });

const keys = async (db: LedgerDb) => (await customersOf(db).all()).map((r) => r.key).sort();

describe('feed pull', () => {
  const customers = Array.from({ length: 7 }, (_, i) => customer({ id: String(i + 1) }));

  it('pulls every page until hasMore is false', async () => {
    const db = freshDb();
    const proxy = createFakeProxy({ feed: customers.map(upsert), pageSize: 3 });
    const result = await puller(db, proxy).pull();
    expect(result).toEqual({ pages: 3, items: 7 });
    expect(await keys(db)).toHaveLength(7);
    expect(await readCursor(db)).toBe('7');
  });

  it('resumes after a worker killed between pages: nothing missing, nothing twice', async () => {
    const db = freshDb();
    const proxy = createFakeProxy({ feed: customers.map(upsert), pageSize: 2 });
    proxy.failFeedAfterPages = 2;
    await expect(puller(db, proxy).pull()).rejects.toMatchObject({ code: 'unreachable' });
    expect(await keys(db)).toHaveLength(4);
    expect(await readCursor(db)).toBe('4');

    // A new worker: new puller, same database.
    proxy.failFeedAfterPages = null;
    const fetched: string[] = [];
    const original = proxy.fetch;
    proxy.fetch = (input, init) => {
      fetched.push(new URL(input instanceof Request ? input.url : String(input)).searchParams.get('cursor') ?? '');
      return original(input, init);
    };
    await puller(db, proxy).pull();
    expect(fetched[0]).toBe('4');
    expect(await keys(db)).toEqual(customers.map((c) => `qbo:realm-1:${c.id}`).sort());
    expect(await customersOf(db).count()).toBe(7);
  });

  it('rolls back a page and its cursor together when the write dies midway', async () => {
    const db = freshDb();
    const page = { items: customers.slice(0, 3).map(upsert), cursor: '3', hasMore: false };
    // The applier writes in bulk (customers, then the summaries rebuilt from them, then the cursor): the worker dies
    // after the customers and summaries were written, while the cursor is.
    const spy = vi.spyOn(db.meta, 'put').mockImplementation(() => {
      throw new Error('worker killed');
    });
    await expect(applyFeedPage(db, page)).rejects.toThrow('worker killed');
    spy.mockRestore();
    expect(await customersOf(db).count()).toBe(0);
    expect(await readCursor(db)).toBeNull();
  });

  it('applies updates and deletions in feed order', async () => {
    const db = freshDb();
    const a = customer({ id: 'a', balance: '10' });
    const b = customer({ id: 'b' });
    const proxy = createFakeProxy({
      feed: [upsert(a), upsert(b), upsert({ ...a, balance: '25.50' }), remove(b)],
      pageSize: 3,
    });
    await puller(db, proxy).pull();
    expect(await keys(db)).toEqual(['qbo:realm-1:a']);
    expect((await customersOf(db).get('qbo:realm-1:a'))?.data.balance).toBe('25.50');
  });

  it('never runs two pulls at once, and folds concurrent requests into one follow-up', async () => {
    const db = freshDb();
    const proxy = createFakeProxy({ feed: customers.map(upsert), pageSize: 10 });
    const p = puller(db, proxy);
    await Promise.all([p.pull(), p.pull(), p.pull()]);
    // One pull + one follow-up (which starts from the stored cursor), never three in parallel from the same cursor.
    expect(proxy.log).toEqual(['GET /v1/feed?limit=10', 'GET /v1/feed?cursor=7&limit=10']);
    expect(await customersOf(db).count()).toBe(7);
  });
});
