import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { openLedgerDb, type LedgerDb } from '../../../lib/db/schema';
import { createBackgroundService, type BackgroundService } from '../../../lib/background/service';
import { createProxyClient } from '../../../lib/proxy-client';
import { createTabState } from '../../../lib/background/tab-state';
import { preferences } from '../../../lib/settings';
import type { Notice } from '../../../lib/notifications/notifier';
import type { RecordContext } from '../../../lib/model';
import { connection, createFakeProxy, customer, upsert, type FakeProxy } from './support/fake-proxy';
import { invoice, payment, upsertInvoice, upsertPayment } from './support/records';
import { customersOf } from '../../../lib/db/customer-store';

const ada = customer({ id: '1', displayName: 'Ada Lovelace', emails: ['ada@example.com'], balance: '300' });
const record: RecordContext = {
  crm: 'hubspot', kind: 'person', recordKey: 'hubspot:1:0-1:9', name: 'Ada Lovelace', emails: ['ada@example.com'],
  companyName: null, phone: null, address: null,
};

let db: LedgerDb;
let proxy: FakeProxy;
let service: BackgroundService;
let notices: Notice[];
/** Action requests the proxy saw: method, path, idempotency key, body. */
let actions: { path: string; key: string | null; body: unknown }[];
const created = new Map<string, unknown>();

function withActions(p: FakeProxy): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    if (p.down) throw new TypeError('fetch failed');
    if (!path.startsWith('/v1/actions') && !path.startsWith('/v1/links') && !path.startsWith('/v1/sync-runs') && !path.startsWith('/v1/skipped')) {
      return p.fetch(request);
    }
    const key = request.headers.get('idempotency-key');
    const body = request.method === 'GET' ? null : ((await request.json()) as Record<string, unknown>);
    actions.push({ path, key, body });
    const json = (status: number, data: unknown) => new Response(JSON.stringify(data), { status, headers: { 'content-type': 'application/json' } });
    if (path === '/v1/sync-runs') return json(200, { runs: [{ id: 'r1', connectionId: 'conn-1', trigger: 'manual', status: 'succeeded', startedAt: '2025-12-01T00:00:00Z', finishedAt: null, durationMs: null, counts: {}, providerCalls: 3, errors: [] }] });
    if (path === '/v1/skipped-records') return json(200, { records: [{ id: 's1', connectionId: 'conn-1', runId: 'r1', entity: 'customer', providerId: '9', reason: 'no_name', message: 'No name.', recordedAt: '2025-12-01T00:00:00Z' }] });
    if (path === '/v1/actions/customers') {
      const b = body as { customer: { displayName: string }; force: boolean };
      if (!b.force) return json(409, { error: { code: 'customer_exists', message: 'Exists.', details: { candidates: [ada] } } });
      // Idempotent replay: the same key answers the first result.
      const answer = created.get(key!) ?? customer({ id: `new-${created.size + 1}`, displayName: b.customer.displayName });
      created.set(key!, answer);
      return json(201, { customer: answer });
    }
    if (path === '/v1/links') {
      const b = body as { recordKey: string; customerKey: string };
      return json(200, { link: { ...b, connectionId: 'conn-1', createdBySeatId: 'seat-1', createdAt: '2025-12-01T00:00:00Z' } });
    }
    if (path === '/v1/actions/time-activities') return json(201, { timeActivity: { id: 't1', customerId: '1', date: '2025-12-01', hours: 2, minutes: 30, billable: true, description: null } });
    return json(404, { error: { code: 'not_found', message: 'no' } });
  };
}

async function startPaired(p: FakeProxy) {
  proxy = p;
  const fetchImpl = withActions(p);
  service = createBackgroundService({
    db,
    createClient: (o) => createProxyClient({ ...o, fetch: fetchImpl }),
    seatName: () => 'Chrome on Linux',
    pollIntervalMs: 60_000,
    tabState: createTabState(browser.storage.session),
    prefs: preferences(browser.storage.local),
    notify: (n) => notices.push(n),
    activeTabId: async () => 7,
    now: () => new Date('2025-12-15T12:00:00Z'),
  });
  await service.handlers.pair({ proxyUrl: 'http://127.0.0.1:4000', code: 'PAIR-1234' });
  return service.handlers;
}

beforeEach(() => {
  fakeBrowser.reset();
  db = openLedgerDb(`act-${crypto.randomUUID()}`);
  notices = [];
  actions = [];
  created.clear();
});
afterEach(async () => {
  service?.stopPolling();
  await db.delete();
});

describe('background: side panel and actions', () => {
  it('remembers what a tab resolved and serves the customer detail with ageing', async () => {
    const h = await startPaired(
      createFakeProxy({
        connections: [connection()],
        feed: [upsert(ada), upsertInvoice(invoice({ id: 'i1', customerId: '1', total: '300', balance: '300', dueDate: '2025-11-01' }))],
        pageSize: 10,
      }),
    );
    const result = await h.lookupRecord({ context: record });
    await service.noteLookup(7, record, result);
    const tab = await h.getTabCustomer({ tabId: null });
    expect(tab).toMatchObject({ tabId: 7, customerKeys: ['qbo:realm-1:1'], focusKey: null });
    const detail = (await h.getCustomerDetail({ customerKey: 'qbo:realm-1:1' }))!;
    expect(detail).toMatchObject({ balance: '300', overdue: '300', daysOverdue: 44, lifetimeSales: '300', thisYearSales: '300' });
    expect(detail.ageing.days31to60).toBe('300');
    expect(detail.invoices).toHaveLength(1);
    expect(await h.openSidePanel({ customerKey: 'qbo:realm-1:1' })).toEqual({ ok: true });
    expect((await h.getTabCustomer({ tabId: 7 })).focusKey).toBe('qbo:realm-1:1');
  });

  it('lookupRecord attaches each matched customer\'s details from the mirror (summary, last invoice and payment, invoices)', async () => {
    const h = await startPaired(
      createFakeProxy({
        connections: [connection()],
        feed: [
          upsert(ada),
          upsertInvoice(invoice({ id: 'i1', customerId: '1', number: '1001', total: '300', balance: '300', issueDate: '2025-10-01', dueDate: '2025-11-01' })),
          upsertInvoice(invoice({ id: 'i2', customerId: '1', number: '1002', total: '80', balance: '0', status: 'paid', issueDate: '2025-12-01', dueDate: '2025-12-31' })),
          upsertPayment(payment({ id: 'p1', customerId: '1', amount: '80', date: '2025-12-05' })),
        ],
        pageSize: 10,
      }),
    );
    const result = await h.lookupRecord({ context: record });
    if (result.state !== 'matched') throw new Error(`expected a match, got ${result.state}`);
    expect(result).toMatchObject({ status: 'matched', matchedBy: 'email', explanation: expect.stringMatching(/email/) });
    const details = result.details!['qbo:realm-1:1']!;
    expect(details.summary).toMatchObject({
      overdue: '300',
      overdueDays: 44,
      lastInvoice: { date: '2025-12-01', number: '1002', total: '80' },
      lastPayment: { date: '2025-12-05', amount: '80' },
    });
    expect(details.summary!.ageing.days31to60).toBe('300');
    expect(details.invoices!.map((i) => i.id)).toEqual(['i2', 'i1']);
  });

  it('lookupRecord follows the options page\'s matching rules (ledgerlens.matching)', async () => {
    const h = await startPaired(createFakeProxy({ connections: [connection()], feed: [upsert(ada)], pageSize: 10 }));
    const emailOnly = { ...record, name: 'Someone Else' };
    expect(await h.lookupRecord({ context: emailOnly })).toMatchObject({ state: 'matched', matchedBy: 'email' });
    const prefs = preferences(browser.storage.local);
    await prefs.matching.set({ rules: [{ kind: 'person', enabled: true }, { kind: 'email', enabled: false }, { kind: 'company', enabled: true }, { kind: 'domain', enabled: false }] });
    expect(await h.lookupRecord({ context: emailOnly })).toEqual({ state: 'no-match' });
    expect(await h.lookupRecord({ context: record })).toMatchObject({ state: 'matched', matchedBy: 'person-name' });
  });

  it('lookupRecord says reconnect-required when nothing matched and a connection needs reconnecting', async () => {
    const h = await startPaired(
      createFakeProxy({ connections: [connection({ status: 'reconnect_required', statusMessage: 'QuickBooks access was revoked.' })], feed: [upsert(ada)], pageSize: 10 }),
    );
    expect(await h.lookupRecord({ context: { ...record, emails: ['x@y.example'], name: 'Nobody' } })).toEqual({
      state: 'reconnect-required',
      message: 'QuickBooks access was revoked.',
    });
    // The cached customer still shows.
    expect(await h.lookupRecord({ context: record })).toMatchObject({ state: 'matched' });
  });

  it('openSidePanel records its intent once per request, for the side panel to apply', async () => {
    const h = await startPaired(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    expect((await h.getTabCustomer({ tabId: 7 })).request).toBeNull();
    await h.openSidePanel({ customerKey: null, intent: 'create' });
    const first = (await h.getTabCustomer({ tabId: 7 })).request!;
    expect(first).toMatchObject({ intent: 'create' });
    await new Promise((r) => setTimeout(r, 2));
    await h.openSidePanel({ customerKey: 'qbo:realm-1:1' });
    const second = await h.getTabCustomer({ tabId: 7 });
    expect(second).toMatchObject({ focusKey: 'qbo:realm-1:1', request: { intent: 'view' } });
    expect(second.request!.nonce).toBeGreaterThan(first.nonce);
  });

  it('create customer: 409 gives candidates; a forced create reuses its Idempotency-Key on retry and links the record', async () => {
    const h = await startPaired(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    const base = {
      connectionId: 'conn-1', recordKey: record.recordKey,
      customer: { kind: 'person' as const, displayName: 'Ada L', givenName: 'Ada', familyName: 'L', companyName: null, emails: [], phone: null, personalAddress: null, companyAddress: null, currency: null },
    };
    const dup = await h.createCustomer({ ...base, force: false, idempotencyKey: 'k1' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'customer_exists', candidates: [{ id: '1' }] } });
    const first = await h.createCustomer({ ...base, force: true, idempotencyKey: 'k2' });
    const again = await h.createCustomer({ ...base, force: true, idempotencyKey: 'k2' });
    expect(first).toMatchObject({ ok: true, customer: { id: 'new-1' } });
    expect(again).toMatchObject({ ok: true, customer: { id: 'new-1' } });
    expect(actions.filter((a) => a.path === '/v1/actions/customers').map((a) => a.key)).toEqual(['k1', 'k2', 'k2']);
    expect(await customersOf(db).get('qbo:realm-1:new-1')).toBeDefined();
    expect((await db.links.get(record.recordKey))?.customerKey).toBe('qbo:realm-1:new-1');
  });

  it('logs time with the Idempotency-Key header, and caches the sync log for offline reading', async () => {
    const h = await startPaired(createFakeProxy({ connections: [connection()], feed: [upsert(ada)] }));
    const time = await h.logTime({
      idempotencyKey: 'time-1',
      request: { connectionId: 'conn-1', customerId: '1', party: { type: 'employee', id: 'e1' }, date: '2025-12-01', hours: 2, minutes: 30, startTime: null, endTime: null, billable: true, itemId: null, hourlyRate: null, description: null },
    });
    expect(time).toMatchObject({ ok: true, timeActivity: { hours: 2, minutes: 30 } });
    expect(actions.find((a) => a.path === '/v1/actions/time-activities')?.key).toBe('time-1');

    const log = await h.getSyncLog({ refresh: true });
    expect(log).toMatchObject({ fromCache: false, runs: [{ id: 'r1' }], skipped: [{ reason: 'no_name' }] });
    proxy.down = true;
    const offline = await h.getSyncLog({ refresh: true, reason: 'no_name' });
    expect(offline).toMatchObject({ fromCache: true, error: { code: 'unreachable' }, skipped: [{ id: 's1' }] });
  });

  it('notifies about a watched customer’s payment only when enabled, and resumes a killed pull without duplicates', async () => {
    const feed = [
      upsert(ada),
      upsertInvoice(invoice({ id: 'i1', customerId: '1' })),
      upsertInvoice(invoice({ id: 'i2', customerId: '1', total: '50', balance: '50', dueDate: '2026-01-31' })),
      upsertPayment(payment({ id: 'p1', customerId: '1' })),
      upsertPayment(payment({ id: 'p2', customerId: '1', amount: '25' })),
    ];
    const p = createFakeProxy({ connections: [connection()], feed: feed.slice(0, 2), pageSize: 2 });
    const h = await startPaired(p);
    await preferences(browser.storage.local).notifications.set({ enabled: true, payments: true, overdue: true, watched: [] });
    await h.setWatched({ customerKey: 'qbo:realm-1:1', watched: true });
    // The worker dies after the first page of the rest.
    p.feed = feed;
    p.failFeedAfterPages = p.feedPagesServed + 1;
    await service.syncCycle();
    p.failFeedAfterPages = null;
    await service.syncCycle();
    expect(await db.invoices.count()).toBe(2);
    expect(await db.payments.count()).toBe(2);
    expect((await db.summaries.get('qbo:realm-1:1'))?.lastPaymentDate).toBe('2025-11-05');
    expect(notices.map((n) => n.title)).toEqual(['Ada Lovelace paid', 'Ada Lovelace paid']);
    expect((await h.getStatus()).feed).toMatchObject({ pulling: false });
  });
});
