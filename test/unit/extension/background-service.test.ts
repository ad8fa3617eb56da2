import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import { createBackgroundService, type BackgroundService } from '../../../lib/background/service';
import { registerHandlers } from '../../../lib/background/register';
import { createProxyClient } from '../../../lib/proxy-client';
import { backgroundApi } from '../../../lib/messaging';
import type { RecordContext } from '../../../lib/model';
import { stubChromeMessaging } from './support/chrome-messaging';
import { connection, createFakeProxy, customer, remove, upsert, type FakeProxy } from './support/fake-proxy';
import { customersOf } from '../../../lib/db/customer-store';

const PROXY_URL = 'http://127.0.0.1:4000';
const ada = customer({ id: '1', displayName: 'Ada Lovelace', emails: ['ada.lovelace@example.com'], balance: '1250.5' });
const record: RecordContext = {
  crm: 'hubspot',
  kind: 'person',
  recordKey: 'hubspot:4242:0-1:1001',
  name: 'Ada Lovelace',
  emails: ['Ada.Lovelace@example.com'],
  companyName: null,
  phone: null,
  address: null,
};

let db: LedgerDb;
let proxy: FakeProxy;
let service: BackgroundService;

function start(p: FakeProxy) {
  proxy = p;
  service = createBackgroundService({
    db,
    createClient: (options) => createProxyClient({ ...options, fetch: (i, init) => proxy.fetch(i, init) }),
    seatName: () => 'Chrome on Linux',
    pollIntervalMs: 60_000,
  });
  return service.handlers;
}

beforeEach(() => {
  fakeBrowser.reset();
  db = openLedgerDb(`bg-${crypto.randomUUID()}`);
});
afterEach(async () => {
  service?.stopPolling();
  await db.delete();
});

describe('background handlers', () => {
  it('pairs, stores the seat token (not a provider token) and pulls connections and the feed', async () => {
    const h = start(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    expect(await h.lookupRecord({ context: record })).toEqual({ state: 'not-paired' });

    expect(await h.pair({ proxyUrl: `${PROXY_URL}/`, code: ' PAIR-1234 ' })).toMatchObject({ ok: true, seat: { role: 'owner' } });
    expect(proxy.lastPairName).toBe('Chrome on Linux');
    const stored = await browser.storage.local.get(null);
    expect(JSON.stringify(stored)).toContain('seat-token-1');

    const status = await h.getStatus();
    expect(status).toMatchObject({ paired: true, proxyUrl: PROXY_URL, seat: { name: 'Chrome on Linux' }, lastError: null });
    expect(status.connections.map((c) => c.companyName)).toEqual(['Sandbox Company US']);

    const found = await h.lookupRecord({ context: record });
    expect(found).toMatchObject({ state: 'matched', matchedBy: 'email' });
    expect(found.state === 'matched' && found.customers[0]?.balance).toBe('1250.5');
  });

  it('explains a wrong code and an unreachable proxy', async () => {
    const h = start(createFakeProxy());
    expect(await h.pair({ proxyUrl: PROXY_URL, code: 'WRONG-CODE' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_pairing_code' },
    });
    proxy.down = true;
    expect(await h.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' })).toMatchObject({ ok: false, error: { code: 'unreachable' } });
    expect((await h.getStatus()).paired).toBe(false);
  });

  it('answers each lookup state', async () => {
    const h = start(createFakeProxy());
    await h.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' });
    expect(await h.lookupRecord({ context: record })).toEqual({ state: 'not-connected' });

    proxy.connections = [connection({ status: 'syncing', progress: { entity: 'customer', done: 0, total: 10 } })];
    await service.syncCycle();
    expect(await h.lookupRecord({ context: record })).toEqual({ state: 'syncing' });

    proxy.connections = [connection()];
    await service.syncCycle();
    expect(await h.lookupRecord({ context: record })).toEqual({ state: 'no-match' });

    proxy.feed.push(upsert(ada));
    await service.syncCycle();
    expect(await h.lookupRecord({ context: record })).toMatchObject({ state: 'matched' });
    expect(await h.lookupRecord({ context: { ...record, emails: ['x@y.example'], name: 'Nobody' } })).toEqual({
      state: 'no-match',
    });

    proxy.down = true;
    await service.syncCycle();
    expect((await h.getStatus()).lastError).toMatchObject({ code: 'unreachable' });
    expect(await h.lookupRecord({ context: { ...record, emails: ['x@y.example'], name: 'Nobody' } })).toEqual({
      state: 'unreachable',
    });
    // Known data still shows while the proxy is away.
    expect(await h.lookupRecord({ context: record })).toMatchObject({ state: 'matched' });
  });

  it('a lookup answered "syncing" while a pull ran is told to ask again when the pull ends, even with nothing new', async () => {
    const h = start(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    await h.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' });
    await service.syncCycle();
    const feedRequests = () => proxy.log.filter((l) => l.startsWith('GET /v1/feed')).length;
    const before = feedRequests();
    let release!: () => void;
    proxy.feedGate = new Promise((resolve) => (release = resolve));
    const cycle = service.syncCycle();
    await expect.poll(feedRequests).toBe(before + 1);
    const stranger = { ...record, emails: ['nobody@nowhere.example'], name: 'Nobody' };
    expect(await h.lookupRecord({ context: stranger })).toEqual({ state: 'syncing' });

    const changes: string[] = [];
    browser.storage.onChanged.addListener((c, area) => changes.push(...Object.keys(c).map((k) => `${area}:${k}`)));
    release();
    await cycle;
    // The panel re-queries on this key (lib/panel/data-changes.ts), and now hears the true answer.
    expect(changes).toContain('local:ledgerlens.sync');
    expect(await h.lookupRecord({ context: stranger })).toEqual({ state: 'no-match' });
  });

  it('connect asks the proxy for a consent URL and opens it in a tab, then polls until the connection arrives', async () => {
    const h = start(createFakeProxy());
    await h.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' });
    const result = await h.connect({ provider: 'qbo' });
    expect(result).toMatchObject({ ok: true, authorizeUrl: expect.stringContaining('/qbo/connect/oauth2') });
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((t) => t.url)).toContain('http://127.0.0.1:4100/qbo/connect/oauth2?state=abc');
    expect((await h.getStatus()).pendingAuthorize).toBe('qbo');
    expect(service.polling).toBe(true);

    proxy.connections = [connection({ status: 'syncing' })];
    expect(await service.syncCycle()).toBe(true);
    expect((await h.getStatus()).pendingAuthorize).toBeNull();
    proxy.connections = [connection()];
    expect(await service.syncCycle()).toBe(false); // settled: polling stops
  });

  it('disconnect removes the connection and its local records', async () => {
    const h = start(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    await h.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' });
    expect(await customersOf(db).count()).toBe(1);
    expect(await h.disconnect({ connectionId: 'conn-1' })).toEqual({ ok: true });
    expect(proxy.log).toContain('DELETE /v1/connections/conn-1');
    expect(await customersOf(db).count()).toBe(0);
    expect(await h.lookupRecord({ context: record })).toEqual({ state: 'not-connected' });
  });

  it('a connection that vanishes from the proxy takes its records with it', async () => {
    const other = customer({ id: '9', connectionId: 'conn-2', companyId: 'realm-2', emails: ['z@z.example'] });
    const h = start(
      createFakeProxy({
        connections: [connection(), connection({ id: 'conn-2', companyId: 'realm-2', companyName: 'Other Co' })],
        feed: [upsert(ada), upsert(other)],
      }),
    );
    await h.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' });
    expect(await customersOf(db).count()).toBe(2);
    proxy.connections = [connection({ id: 'conn-2', companyId: 'realm-2', companyName: 'Other Co' })];
    await service.syncCycle();
    expect((await customersOf(db).all()).map((r) => r.key)).toEqual(['qbo:realm-2:9']);
  });

  it('feed deletions remove records, and sync now asks the proxy to sync every connection', async () => {
    const h = start(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    await h.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' });
    proxy.feed.push(remove(ada));
    expect(await h.syncNow()).toEqual({ ok: true });
    expect(proxy.log).toContain('POST /v1/connections/conn-1/sync');
    expect(await customersOf(db).count()).toBe(0);
  });

  it('unpair forgets the token and the local mirror', async () => {
    const h = start(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    await h.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' });
    await h.unpair();
    expect(JSON.stringify(await browser.storage.local.get(null))).not.toContain('seat-token-1');
    expect(await customersOf(db).count()).toBe(0);
    expect(await h.lookupRecord({ context: record })).toEqual({ state: 'not-paired' });
  });

  it('answers over the typed message contract', async () => {
    const h = start(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    const unstub = stubChromeMessaging();
    const unregister = registerHandlers(h);
    try {
      expect(await backgroundApi.getStatus()).toMatchObject({ paired: false });
      expect(await backgroundApi.pair({ proxyUrl: PROXY_URL, code: 'PAIR-1234' })).toMatchObject({ ok: true });
      expect(await backgroundApi.lookupRecord({ context: record })).toMatchObject({ state: 'matched' });
    } finally {
      unregister();
      unstub();
    }
  });
});
