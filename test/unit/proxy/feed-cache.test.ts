import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type ProxyApp } from '../../../proxy-server/app';
import { createMemoryEventBus } from '../../../proxy-server/events/event-bus';
import { createEventHub, type EventHub } from '../../../proxy-server/events/event-hub';
import { acceptsGzip, createFeedCache } from '../../../proxy-server/feed/feed-cache';
import { createTokenService } from '../../../proxy-server/providers/token-refresh';
import { encodeCursor } from '../../../proxy-server/routes/feed';
import { createVault } from '../../../proxy-server/security/vault';
import { SEAT_TOKEN_PREFIX, randomToken, sha256Hex } from '../../../proxy-server/security/secrets';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import { createSyncService } from '../../../proxy-server/sync/sync-service';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('feed cache (pure)', () => {
  it('builds a page once, serves the same bytes after, and rebuilds after invalidate', async () => {
    const cache = createFeedCache();
    let version = 1;
    let builds = 0;
    const build = async () => {
      builds += 1;
      return JSON.stringify({ version });
    };
    expect(text((await cache.page('w', 0n, 500, build)).json)).toBe('{"version":1}');
    version = 2; // the mirror changed, but nobody said so yet: the cached page stands
    expect(text((await cache.page('w', 0n, 500, build)).json)).toBe('{"version":1}');
    expect(builds).toBe(1);
    cache.invalidate('w');
    const fresh = await cache.page('w', 0n, 500, build);
    expect(text(fresh.json)).toBe('{"version":2}');
    expect(JSON.parse(gunzipSync(fresh.gzip).toString('utf8'))).toEqual({ version: 2 });
    expect(builds).toBe(2);
  });

  it('invalidateAll (the bus reconnected) drops every workspace, including builds in flight', async () => {
    const cache = createFeedCache();
    let version = 1;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    await cache.page('a', 0n, 500, async () => JSON.stringify({ a: version }));
    const inFlight = cache.page('b', 0n, 500, async () => {
      const read = version;
      await gate;
      return JSON.stringify({ b: read });
    });
    version = 2;
    cache.invalidateAll();
    release();
    await inFlight;
    expect(text((await cache.page('a', 0n, 500, async () => JSON.stringify({ a: version }))).json)).toBe('{"a":2}');
    expect(text((await cache.page('b', 0n, 500, async () => JSON.stringify({ b: version }))).json)).toBe('{"b":2}');
  });

  it('keys by workspace, cursor and limit', async () => {
    const cache = createFeedCache();
    const page = (w: string, after: bigint, limit: number) => cache.page(w, after, limit, async () => JSON.stringify([w, String(after), limit]));
    expect(text((await page('a', 0n, 500)).json)).toBe('["a","0",500]');
    expect(text((await page('b', 0n, 500)).json)).toBe('["b","0",500]');
    expect(text((await page('a', 7n, 500)).json)).toBe('["a","7",500]');
    expect(text((await page('a', 0n, 100)).json)).toBe('["a","0",100]');
    cache.invalidate('b');
    expect(cache.stats().entries).toBe(3); // only b's pages are dropped
  });

  it('shares one build among concurrent misses of a key', async () => {
    const cache = createFeedCache();
    let builds = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const build = async () => {
      builds += 1;
      await gate;
      return '{"n":1}';
    };
    const all = Promise.all(Array.from({ length: 50 }, () => cache.page('w', 0n, 500, build)));
    release();
    const pages = await all;
    expect(builds).toBe(1);
    expect(new Set(pages.map((p) => p.etag)).size).toBe(1);
    expect(cache.stats()).toMatchObject({ misses: 1, joined: 49 });
  });

  it('does not keep a page whose build raced a change', async () => {
    const cache = createFeedCache();
    let version = 1;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = cache.page('w', 0n, 500, async () => {
      const read = version; // read before the commit…
      await gate;
      return JSON.stringify({ version: read });
    });
    version = 2; // …the commit and its event arrive while the page is being built
    cache.invalidate('w');
    release();
    expect(text((await slow).json)).toBe('{"version":1}'); // that request gets what it read
    const next = await cache.page('w', 0n, 500, async () => JSON.stringify({ version }));
    expect(text(next.json)).toBe('{"version":2}'); // the next one never sees it
  });

  it('is bounded by bytes, evicting the least recently used page', async () => {
    const big = 'x'.repeat(10_000); // gzip makes it small; JSON bytes dominate
    const cache = createFeedCache({ maxBytes: 25_000 });
    const page = (after: bigint) => cache.page('w', after, 500, async () => JSON.stringify(big + String(after)));
    await page(1n);
    await page(2n);
    await page(1n); // 1 is now the most recent
    await page(3n); // over budget: 2 goes
    expect(cache.stats().bytes).toBeLessThanOrEqual(25_000);
    expect(cache.stats().evictions).toBe(1);
    const before = cache.stats().misses;
    await page(1n);
    expect(cache.stats().misses).toBe(before);
    await page(2n);
    expect(cache.stats().misses).toBe(before + 1);
  });

  it.each([
    ['gzip, deflate, br', true],
    ['br;q=1.0, gzip;q=0.8', true],
    ['gzip;q=0', false],
    ['identity', false],
    ['*', true],
    ['*;q=0.5, gzip;q=0', false],
    ['', false],
  ])('Accept-Encoding %j admits gzip: %s', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });
});

describe('GET /v1/feed with the cache', () => {
  let store: Store;
  let hub: EventHub;
  let app: ProxyApp;
  let token: string;
  let workspaceId: string;
  const now = Date.parse('2026-03-01T00:00:00Z');
  const clock = { now: () => now };
  const customer = (id: string, balance: string, connectionId: string) => ({
    provider: 'qbo', companyId: 'r1', id, displayName: `Customer ${id}`, companyName: null, givenName: null, familyName: null,
    emails: [], phone: null, billingAddress: null, shippingAddress: null, currency: 'USD', balance, overdue: '0',
    active: true, updatedAt: `2026-03-01T00:00:0${balance}Z`, connectionId,
  });
  let scope: { workspaceId: string; connectionId: string; provider: string; companyId: string };

  beforeAll(async () => {
    const bus = createMemoryEventBus();
    store = createStore(await openDb({ kind: 'pglite' }), createVault(Buffer.alloc(32, 5)), bus);
    workspaceId = (await store.workspaces.ensureDefault(now)).id;
    hub = createEventHub({ bus, latestCursor: async (id) => encodeCursor(await store.mirror.latestSeq(id)), coalesceMs: 10 });
    const tokens = createTokenService({ store, providers: {}, clock });
    app = createApp({
      store, providers: {}, clock, tokens, sync: createSyncService({ store, providers: {}, tokens, clock }),
      workspaceId, adminToken: null, extensionOrigins: null, events: hub,
    });
    token = randomToken(SEAT_TOKEN_PREFIX);
    const seat = await store.seats.create({ workspaceId, name: 'Seat', tokenHash: sha256Hex(token), now });
    const conn = await store.connections.upsertWithTokens({
      workspaceId, provider: 'qbo', companyId: 'r1', companyName: 'Acme', currency: 'USD', seatId: seat.id,
      tokens: { accessToken: 'a', refreshToken: 'r', accessExpiresAt: now + 3600_000, refreshExpiresAt: null },
      now,
    });
    scope = { workspaceId, connectionId: conn.id, provider: 'qbo', companyId: 'r1' };
    await store.mirror.upsertCustomers(scope, [customer('1', '5', conn.id), customer('2', '6', conn.id)] as never, now);
  }, 60_000);

  afterAll(async () => {
    hub?.close();
    await store?.close();
  });

  const get = (headers: Record<string, string> = {}) => app.request('/v1/feed?limit=500', { headers: { Authorization: `Bearer ${token}`, ...headers } });
  const balances = async (res: Response) => {
    // The fixture records are minimal, not full Customers: read the page's shape, not the model's.
    const page = (await res.json()) as { items: { op: string; entity: string; data?: { id: string; balance: string } }[] };
    return Object.fromEntries(page.items.flatMap((i) => (i.op === 'upsert' && i.entity === 'customer' && i.data ? [[i.data.id, i.data.balance]] : [])));
  };

  it('serves gzip to clients that accept it and plain JSON to the others, same content', async () => {
    const zipped = await get({ 'Accept-Encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toContain('Accept-Encoding');
    const unzipped = JSON.parse(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8'));
    const plain = await get();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('content-type')).toContain('application/json');
    expect(await plain.json()).toEqual(unzipped);
    const etag = plain.headers.get('etag') ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect((await get({ 'If-None-Match': etag })).status).toBe(304);
  });

  it('a change after a cached page: the next request sees it, without waiting for the SSE announcement', async () => {
    expect(await balances(await get())).toEqual({ '1': '5', '2': '6' }); // cached now
    await store.mirror.upsertCustomers(scope, [customer('2', '8', scope.connectionId)] as never, now);
    expect(await balances(await get())).toEqual({ '1': '5', '2': '8' });
  });

  it('a change after a cached page: once the feed event is out, the next request sees the new data', async () => {
    expect(await balances(await get())).toEqual({ '1': '5', '2': '8' }); // cached now
    const cursorBefore = await hub.currentCursor(workspaceId);
    const heard = new Promise<void>((resolve) => {
      const detach = hub.attach(workspaceId, {
        seatId: 'test-listener',
        send: (name, data) => {
          if (name === 'feed' && (data as { cursor: string }).cursor !== cursorBefore) {
            detach();
            resolve();
          }
        },
        close: () => undefined,
      });
    });
    await store.mirror.upsertCustomers(scope, [customer('1', '7', scope.connectionId)] as never, now);
    await heard;
    expect(await balances(await get())).toEqual({ '2': '8', '1': '7' });
  });
});
