import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sumDecimals, decimalFromNumber, type FeedItem } from '../../../lib/model';
import { ConnectionSettingsResponseSchema, SyncRunsResponseSchema } from '../../../lib/proxy-api';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { webhookSignature } from '../../../proxy-server/sandbox/webhook-signature';
import { todayOf } from '../../../proxy-server/sync/overdue';
import { type Api, drainFeed, pair, startTestProxy, waitFor } from './helpers';
import { SandboxQbo, connectQbo, listenEvents, postQboWebhook } from './qbo-sync-support';

/**
 * Every-entity QBO sync over real HTTP against the sandbox: initial import, webhooks (signed, duplicated, out of
 * order, both payload formats), CDC incremental, faults, and per-company settings.
 */
const KEY = 'test-verifier-token';
let sandbox: RunningSandbox;
let qbo: SandboxQbo;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let connectionId: string;

/** The mirror as the feed tells it: live records by `${entity}:${id}`. */
async function mirror(): Promise<Map<string, FeedItem & { op: 'upsert' }>> {
  const live = new Map<string, FeedItem & { op: 'upsert' }>();
  for (const item of (await drainFeed(api, undefined, 1000)).items) {
    const id = item.key.split(':').at(-1) as string;
    if (item.op === 'upsert') live.set(`${item.entity}:${id}`, item);
    else live.delete(`${item.entity}:${id}`);
  }
  return live;
}

const num = (v: unknown) => decimalFromNumber(Number(v ?? 0));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  qbo = await SandboxQbo.open(sandbox.url);
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url, QBO_WEBHOOK_VERIFIER_TOKEN: KEY, XERO_WEBHOOK_KEY: 'xero-key' }, { sync: { schedulerTickMs: false } });
  api = await pair(harness.proxy);
  connectionId = await connectQbo(api, qbo.realmId);
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

const ENTITIES: [string, string, string][] = [
  ['Customer', 'customer', ' WHERE Active IN (true, false)'],
  ['Item', 'item', ' WHERE Active IN (true, false)'],
  ['Employee', 'employee', ' WHERE Active IN (true, false)'],
  ['Invoice', 'invoice', ''],
  ['Estimate', 'estimate', ''],
  ['Payment', 'payment', ''],
  ['CreditMemo', 'credit_note', ''],
];

describe('initial import', () => {
  it('mirrors every entity the sandbox serves, record by record', async () => {
    const live = await mirror();
    const served: string[] = [];
    for (const [qboName, entity, where] of ENTITIES) {
      const rows = await qbo.all(qboName, where);
      if (rows === null) continue; // not in the sandbox yet (reported in the handover)
      served.push(qboName);
      const mirrored = [...live.values()].filter((i) => i.entity === entity);
      expect(mirrored.map((i) => (i.data as { id: string }).id).sort(), qboName).toEqual(rows.map((r) => String(r.Id)).sort());
      for (const row of rows) {
        const data = live.get(`${entity}:${String(row.Id)}`)?.data as Record<string, unknown>;
        if ('Balance' in row && entity !== 'credit_note') expect(data.balance, `${qboName} ${String(row.Id)}`).toBe(num(row.Balance));
        if ('TotalAmt' in row) expect(data.total ?? data.amount).toBe(num(row.TotalAmt));
        if (entity === 'invoice') {
          const lines = (row.Line as { DetailType: string }[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
          expect((data.lines as unknown[]).length).toBe(lines.length);
          expect(data.customerId).toBe((row.CustomerRef as { value: string }).value);
        }
        if (entity === 'payment') {
          const linked = (row.Line as { LinkedTxn: { TxnId: string }[] }[]).flatMap((l) => l.LinkedTxn.map((t) => t.TxnId));
          expect((data.appliedTo as { invoiceId: string }[]).map((a) => a.invoiceId)).toEqual(linked);
        }
      }
    }
    expect(served).toEqual(ENTITIES.map(([name]) => name));
    // Vendors are imported only when the setting is on.
    expect([...live.values()].some((i) => i.entity === 'vendor')).toBe(false);
  });

  it("derives each customer's overdue from its open invoices past due, exactly", async () => {
    const live = await mirror();
    const today = todayOf(Date.now());
    const invoices = (await qbo.all('Invoice')) ?? [];
    const expected = new Map<string, string[]>();
    for (const inv of invoices) {
      if (Number(inv.Balance) > 0 && String(inv.DueDate) < today) {
        const customer = (inv.CustomerRef as { value: string }).value;
        expected.set(customer, [...(expected.get(customer) ?? []), num(inv.Balance)]);
      }
    }
    expect(expected.size).toBeGreaterThan(0);
    for (const item of live.values()) {
      if (item.entity !== 'customer') continue;
      expect(item.data.overdue, item.data.id).toBe(sumDecimals(expected.get(item.data.id) ?? ['0']));
    }
  });
});

describe('webhooks', () => {
  it('a payment at QBO + its signed webhook → invoice and customer balance change in the feed, with an SSE feed event', async () => {
    await qbo.control('POST', 'webhooks', { provider: 'qbo', url: `${harness.proxy.url}/webhooks/qbo`, key: KEY, format: 'legacy' });
    const { cursor } = await drainFeed(api, undefined, 1000);
    const open = ((await qbo.all('Invoice')) ?? []).find((i) => Number(i.Balance) > 1);
    if (!open) throw new Error('no open invoice in the seed');
    const customerId = (open.CustomerRef as { value: string }).value;
    const events = listenEvents(harness.proxy.url, api.token as string);
    await new Promise((r) => setTimeout(r, 200));
    const payment = await qbo.call('POST', 'payment', {
      CustomerRef: { value: customerId },
      TotalAmt: 1,
      Line: [{ Amount: 1, LinkedTxn: [{ TxnId: String(open.Id), TxnType: 'Invoice' }] }],
    });
    expect(payment.status).toBe(200);
    const started = Date.now();
    const changes = await waitFor('the invoice change in the feed', async () => {
      const page = await drainFeed(api, cursor, 100);
      const invoice = page.items.find((i) => i.entity === 'invoice' && i.key.endsWith(`:${String(open.Id)}`));
      const customer = page.items.find((i) => i.entity === 'customer' && i.key.endsWith(`:${customerId}`));
      return invoice && customer ? { invoice, customer, page } : undefined;
    }, 10_000);
    expect(Date.now() - started).toBeLessThan(5000);
    const customerNow = (await qbo.call('GET', `customer/${customerId}`)).json.Customer as { Balance: number };
    expect(changes.invoice.op === 'upsert' && changes.invoice.data).toMatchObject({ balance: sumDecimals([num(open.Balance), '-1']) });
    expect(changes.customer.op === 'upsert' && changes.customer.data).toMatchObject({ balance: num(customerNow.Balance) });
    expect(changes.page.items.some((i) => i.entity === 'payment')).toBe(true);
    await waitFor('an SSE feed event', async () => (events.names.includes('feed') ? true : undefined), 5000);
    events.close();
    await qbo.control('DELETE', 'webhooks');
  });

  it('refuses a wrong or missing signature with 401 and changes nothing', async () => {
    await harness.proxy.sync.idle();
    const { cursor } = await drainFeed(api, undefined, 1000);
    const body = { eventNotifications: [{ realmId: qbo.realmId, dataChangeEvent: { entities: [{ name: 'Customer', id: '1', operation: 'Update', lastUpdated: '2030-01-01T00:00:00-07:00' }] } }] };
    expect((await postQboWebhook(harness.proxy.url, body, KEY, 'bm9wZQ==')).status).toBe(401);
    expect((await postQboWebhook(harness.proxy.url, body, 'other-key')).status).toBe(401);
    const unsigned = await fetch(`${harness.proxy.url}/webhooks/qbo`, { method: 'POST', body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
    expect(await harness.proxy.store.webhookEvents.pendingCompanies()).toEqual([]);
    expect(harness.proxy.sync.isRunning(connectionId)).toBe(false);
    expect((await drainFeed(api, cursor)).items).toEqual([]);
  });

  it('duplicated and out-of-order deliveries (both formats) make one change and never regress a record', async () => {
    const [customer] = (await qbo.all('Customer')) ?? [];
    if (!customer) throw new Error('no customer');
    const id = String(customer.Id);
    // Two edits at QBO; the webhooks for them arrive newest first, then again (redelivery).
    const first = await qbo.call('POST', 'customer', { Id: id, SyncToken: customer.SyncToken, sparse: true, Notes: 'edit 1', DisplayName: `${String(customer.DisplayName)} A` });
    expect(first.status).toBe(200);
    const edited = first.json.Customer as { SyncToken: string; MetaData: { LastUpdatedTime: string } };
    await qbo.control('POST', 'clock', { advanceSeconds: 5 });
    const second = await qbo.call('POST', 'customer', { Id: id, SyncToken: edited.SyncToken, sparse: true, DisplayName: `${String(customer.DisplayName)} B` });
    expect(second.status).toBe(200);
    const latest = second.json.Customer as { MetaData: { LastUpdatedTime: string } };
    const { cursor } = await drainFeed(api, undefined, 1000);

    const legacy = (lastUpdated: string) => ({
      eventNotifications: [{ realmId: qbo.realmId, dataChangeEvent: { entities: [{ name: 'Customer', id, operation: 'Update', lastUpdated }] } }],
    });
    const cloud = [{ specversion: '1.0', id: 'ce-dup-1', source: 'test', type: 'qbo.customer.updated.v1', time: new Date().toISOString(), intuitentityid: id, intuitaccountid: qbo.realmId }];
    for (const body of [legacy(latest.MetaData.LastUpdatedTime), legacy(edited.MetaData.LastUpdatedTime), legacy(latest.MetaData.LastUpdatedTime), cloud, cloud]) {
      const response = await postQboWebhook(harness.proxy.url, body, KEY);
      expect(response.status).toBe(200);
    }
    await waitFor('the webhook runs', async () => ((await harness.proxy.store.webhookEvents.pendingCompanies()).length === 0 && !harness.proxy.sync.isRunning(connectionId) ? true : undefined), 10_000);
    await harness.proxy.sync.idle();
    const changes = (await drainFeed(api, cursor)).items.filter((i) => i.entity === 'customer' && i.key.endsWith(`:${id}`));
    expect(changes).toHaveLength(1);
    expect(changes[0]?.op === 'upsert' && (changes[0].data as { displayName: string }).displayName).toBe(`${String(customer.DisplayName)} B`);
    const { runs } = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connectionId}&limit=10`));
    expect(runs.filter((r) => r.trigger === 'webhook').every((r) => r.status === 'succeeded')).toBe(true);
  });
});

describe('webhook edges', () => {
  it('the mirror refuses a copy older than the one it holds (late fetch, overlapping window)', async () => {
    const live = await mirror();
    const invoice = [...live.values()].find((i) => i.entity === 'invoice');
    if (!invoice || invoice.entity !== 'invoice') throw new Error('no invoice');
    const scope = { workspaceId: (await harness.proxy.store.connections.getById(connectionId))?.workspaceId as string, connectionId, provider: 'qbo', companyId: qbo.realmId };
    const older = { ...invoice.data, balance: '999', updatedAt: new Date(Date.parse(invoice.data.updatedAt) - 60_000).toISOString() };
    expect(await harness.proxy.store.mirror.upsertRecords(scope, 'invoice', [older], Date.now())).toBe(0);
    const newer = { ...invoice.data, updatedAt: new Date(Date.parse(invoice.data.updatedAt) + 1000).toISOString() };
    expect(await harness.proxy.store.mirror.upsertRecords(scope, 'invoice', [newer], Date.now())).toBe(1);
  });

  it('Xero: 200 to a correctly signed intent-to-receive, 401 otherwise; events are queued for the Xero sync', async () => {
    const post = (raw: string, signature: string) =>
      fetch(`${harness.proxy.url}/webhooks/xero`, { method: 'POST', headers: { 'x-xero-signature': signature }, body: raw });
    const empty = '{"events":[],"firstEventSequence": 0,"lastEventSequence": 0, "entropy": "NLDZEGWUXNHESAQVGLYF"}';
    expect((await post(empty, webhookSignature(empty, 'xero-key'))).status).toBe(200);
    expect((await post(empty, webhookSignature(empty, 'wrong'))).status).toBe(401);
    expect((await post(empty, '')).status).toBe(401);
  });

  it('answers a signed body that is not a webhook with 400', async () => {
    expect((await postQboWebhook(harness.proxy.url, '{"hello":', KEY)).status).toBe(400);
    expect((await postQboWebhook(harness.proxy.url, { hello: 1 }, KEY)).status).toBe(400);
  });
});

describe('incremental and faults', () => {
  it('reads edits through CDC from the last sync, without a full import', async () => {
    const { cursor } = await drainFeed(api, undefined, 1000);
    const open = ((await qbo.all('Invoice')) ?? []).find((i) => Number(i.Balance) > 1);
    if (!open) throw new Error('no open invoice');
    await qbo.call('POST', 'payment', {
      CustomerRef: open.CustomerRef,
      TotalAmt: 0.5,
      Line: [{ Amount: 0.5, LinkedTxn: [{ TxnId: String(open.Id), TxnType: 'Invoice' }] }],
    });
    await api.json('POST', `/v1/connections/${connectionId}/sync`, undefined, 202);
    await harness.proxy.sync.idle();
    const items = (await drainFeed(api, cursor)).items;
    expect(items.find((i) => i.entity === 'invoice' && i.key.endsWith(`:${String(open.Id)}`))).toBeDefined();
    expect(items.some((i) => i.entity === 'payment')).toBe(true);
    const [run] = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connectionId}&limit=1`)).runs;
    expect(run).toMatchObject({ trigger: 'manual', status: 'succeeded' });
    expect(run?.providerCalls).toBeLessThanOrEqual(4); // one CDC call (+ customer and invoice re-reads), no paging
  });

  it('a 5xx during sync is retried; malformed JSON fails the run clearly and leaves the mirror intact', async () => {
    await qbo.control('POST', 'faults', { provider: 'qbo', route: '/cdc', kind: '5xx', count: 1 });
    await api.json('POST', `/v1/connections/${connectionId}/sync`, undefined, 202);
    await harness.proxy.sync.idle();
    let [run] = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connectionId}&limit=1`)).runs;
    expect(run?.status).toBe('succeeded');

    const before = await mirror();
    await qbo.control('POST', 'faults', { provider: 'qbo', route: '/cdc', kind: 'malformed', count: 5 });
    await api.json('POST', `/v1/connections/${connectionId}/sync`, undefined, 202);
    await harness.proxy.sync.idle();
    [run] = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connectionId}&limit=1`)).runs;
    expect(run?.status).toBe('failed');
    expect(run?.errors[0]).toMatch(/QuickBooks/);
    expect(await mirror()).toEqual(before);
    await qbo.control('DELETE', 'faults');
    await api.json('POST', `/v1/connections/${connectionId}/sync`, undefined, 202);
    await harness.proxy.sync.idle();
    [run] = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connectionId}&limit=1`)).runs;
    expect(run?.status).toBe('succeeded');
  });
});

describe('periodic reconcile', () => {
  it('the scheduler leaves a fresh company alone; a scheduled run finds a count mismatch and re-imports that entity', async () => {
    await harness.proxy.sync.idle();
    await harness.proxy.scheduler.tick();
    expect(harness.proxy.sync.isRunning(connectionId)).toBe(false);

    const live = await mirror();
    const customer = [...live.values()].find((i) => i.entity === 'customer');
    if (!customer) throw new Error('no customer');
    const scope = { workspaceId: (await harness.proxy.store.connections.getById(connectionId))?.workspaceId as string, connectionId, provider: 'qbo', companyId: qbo.realmId };
    // A deletion the proxy never heard of (lost webhook, beyond CDC): the mirror drifts from QBO.
    await harness.proxy.store.mirror.tombstoneIds(scope, 'customer', [customer.data.id], Date.now());
    harness.proxy.sync.start(connectionId, 'schedule');
    await harness.proxy.sync.idle();
    expect((await mirror()).has(`customer:${customer.data.id}`)).toBe(true);
    const [run] = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connectionId}&limit=1`)).runs;
    expect(run).toMatchObject({ trigger: 'schedule', status: 'succeeded' });
    expect(run?.counts.customer?.changed).toBe(1);
  });
});

describe('settings', () => {
  it('GET gives defaults; PUT validates, and historicalFrom / importVendors trigger the re-import they need', async () => {
    const path = `/v1/connections/${connectionId}/settings`;
    expect(ConnectionSettingsResponseSchema.parse(await api.json('GET', path)).settings).toEqual({ frequencyMinutes: 60, importVendors: false, historicalFrom: null, requireEmail: false });
    expect((await api.request('PUT', path, { frequencyMinutes: 1, importVendors: true, historicalFrom: null })).status).toBe(400);
    expect((await api.request('GET', '/v1/connections/nope/settings')).status).toBe(404);

    const invoices = (await qbo.all('Invoice')) ?? [];
    const dates = invoices.map((i) => String(i.TxnDate)).sort();
    const from = dates[Math.floor(dates.length / 2)] as string;
    const settings = { frequencyMinutes: 30, importVendors: true, historicalFrom: from, requireEmail: false };
    expect(ConnectionSettingsResponseSchema.parse(await api.json('PUT', path, settings)).settings).toEqual(settings);
    await waitFor('the re-import', async () => (harness.proxy.sync.isRunning(connectionId) ? undefined : true));
    await harness.proxy.sync.idle();
    const live = await mirror();
    const mirroredInvoices = [...live.values()].filter((i) => i.entity === 'invoice').map((i) => i.data.id).sort();
    expect(mirroredInvoices).toEqual(invoices.filter((i) => String(i.TxnDate) >= from).map((i) => String(i.Id)).sort());
    const vendors = await qbo.all('Vendor', ' WHERE Active IN (true, false)');
    if (vendors !== null) {
      expect([...live.values()].filter((i) => i.entity === 'vendor').length).toBe(vendors.length);
      await api.json('PUT', path, { ...settings, importVendors: false });
      await harness.proxy.sync.idle();
      expect([...(await mirror()).values()].some((i) => i.entity === 'vendor')).toBe(false);
    }
  });
});
