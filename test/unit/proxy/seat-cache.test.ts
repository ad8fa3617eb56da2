import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import type { Db } from '../../../proxy-server/store/db';
import { seatsRepo } from '../../../proxy-server/store/seats';

/**
 * The verified-seat cache (store/seats.ts, issue 7's P6): a hit costs no query; a revoke in this process is seen at
 * once; another process's revoke (a second repo on the same database) within the TTL, or at once with its event.
 */
let db: Db;
let store: Store;
let workspaceId: string;
let now = 1_000_000;
const queries: string[] = [];

beforeAll(async () => {
  const inner = await openDb({ kind: 'pglite' });
  db = {
    driver: inner.driver,
    query: (sql, params) => {
      queries.push(sql);
      return inner.query(sql, params);
    },
    transaction: (fn) => inner.transaction(fn),
    close: () => inner.close(),
  };
  store = createStore(db, createVault(Buffer.alloc(32, 7)));
  workspaceId = (await store.workspaces.ensureDefault(now)).id;
}, 60_000); // PGlite's first open takes seconds on a loaded machine

afterAll(async () => {
  await db.close();
});

const lookups = () => queries.filter((q) => q.includes('FROM seats WHERE token_hash')).length;

describe('seat cache', () => {
  it('answers a repeated lookup of a verified token without a query, and never caches a miss', async () => {
    const seats = seatsRepo(db, { now: () => now });
    await seats.create({ workspaceId, name: 'A', tokenHash: 'hash-a', now });
    const before = lookups();
    expect((await seats.findActiveByTokenHash('hash-a'))?.name).toBe('A');
    expect((await seats.findActiveByTokenHash('hash-a'))?.name).toBe('A');
    expect(lookups() - before).toBe(1);
    expect(await seats.findActiveByTokenHash('unknown')).toBeNull();
    expect(await seats.findActiveByTokenHash('unknown')).toBeNull();
    expect(lookups() - before).toBe(3);
  });

  it('a revoke in this process refuses the next lookup at once', async () => {
    const seats = seatsRepo(db, { now: () => now });
    const seat = await seats.create({ workspaceId, name: 'B', tokenHash: 'hash-b', now });
    expect(await seats.findActiveByTokenHash('hash-b')).not.toBeNull();
    await seats.revoke(seat.id, now);
    expect(await seats.findActiveByTokenHash('hash-b')).toBeNull();
  });

  it("another process's revoke is seen after the TTL, or at once when its event arrives", async () => {
    const here = seatsRepo(db, { now: () => now, ttlMs: 30_000 });
    const there = seatsRepo(db, { now: () => now });
    const seat = await here.create({ workspaceId, name: 'C', tokenHash: 'hash-c', now });
    const other = await here.create({ workspaceId, name: 'D', tokenHash: 'hash-d', now });
    expect(await here.findActiveByTokenHash('hash-c')).not.toBeNull();
    expect(await here.findActiveByTokenHash('hash-d')).not.toBeNull();
    await there.revoke(seat.id, now);
    await there.revoke(other.id, now);
    now += 30_001;
    expect(await here.findActiveByTokenHash('hash-c')).toBeNull();
    expect(await here.findActiveByTokenHash('hash-d')).toBeNull();

    const e = await here.create({ workspaceId, name: 'E', tokenHash: 'hash-e', now });
    expect(await here.findActiveByTokenHash('hash-e')).not.toBeNull();
    await there.revoke(e.id, now);
    here.forget(e.id); // what app.ts does on the `seat_revoked` event
    expect(await here.findActiveByTokenHash('hash-e')).toBeNull();
  });

  it('stays within its size bound', async () => {
    const seats = seatsRepo(db, { now: () => now, maxEntries: 2 });
    for (const name of ['F', 'G', 'H']) await seats.create({ workspaceId, name, tokenHash: `hash-${name}`, now });
    for (const name of ['F', 'G', 'H']) await seats.findActiveByTokenHash(`hash-${name}`);
    const before = lookups();
    await seats.findActiveByTokenHash('hash-H'); // kept
    await seats.findActiveByTokenHash('hash-F'); // evicted: looked up again
    expect(lookups() - before).toBe(1);
  });
});
