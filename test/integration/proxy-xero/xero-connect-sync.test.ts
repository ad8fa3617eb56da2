import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKey, type Connection, type FeedItem } from '../../../lib/model';
import {
  AuthorizeResponseSchema,
  CreateCustomerResponseSchema,
  LinksResponseSchema,
  ResetResponseSchema,
  SyncRunsResponseSchema,
} from '../../../lib/proxy-api';
import type { XeroEmulator } from '../../../proxy-server/sandbox/xero';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, connections, drainFeed, pair, startTestProxy, waitFor } from '../proxy/helpers';

/**
 * Xero through the proxy, over real HTTP against the sandbox: one consent for two organisations → the picker page →
 * both linked on one grant → every entity synced and equal to the sandbox's own records → a payment + signed
 * webhook moves the contact's balance → writes with Idempotency-Key → reset → reconnect → a provider-side disconnect.
 */
const WEBHOOK_KEY = 'proxy-xero-test-key';
let sandbox: RunningSandbox;
let emulator: XeroEmulator;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let apiBase: string;
let appBase: string;
let tenants: { id: string; name: string }[];

type Raw = Record<string, unknown>;

async function control<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandbox.url}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

/** The sandbox's own records of one organisation, read with an API-explorer token. */
async function sandboxList(tenantId: string, resource: string, query = ''): Promise<Raw[]> {
  const { access_token } = await control<{ access_token: string }>('token', { provider: 'xero', companyId: tenantId });
  const all: Raw[] = [];
  for (let page = 1; ; page += 1) {
    const paged = resource === 'Items' ? '' : `page=${page}&`;
    const response = await fetch(`${apiBase}/${resource}?${paged}${query}`, {
      headers: { Authorization: `Bearer ${access_token}`, 'xero-tenant-id': tenantId, Accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    const rows = ((await response.json()) as Record<string, Raw[]>)[resource] ?? [];
    all.push(...rows);
    if (resource === 'Items' || rows.length < 100) return all;
  }
}

/** Submits the sandbox consent form for these organisations; returns the proxy callback URL. */
async function consent(authorizeUrl: string, companyIds: string[]): Promise<URL> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  for (const id of companyIds) form.append('company', id);
  form.set('decision', 'allow');
  const response = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

async function authorize(body: Record<string, string> = {}): Promise<string> {
  return AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'xero', ...body })).authorizeUrl;
}

const xeroConnections = async () => (await connections(api)).filter((c) => c.provider === 'xero');
const byTenant = async (tenantId: string) => (await xeroConnections()).find((c) => c.companyId === tenantId);
const settled = (what: string, ids: string[]) =>
  waitFor(what, async () => {
    await harness.proxy.sync.idle();
    const list = await xeroConnections();
    return ids.every((id) => list.find((c) => c.id === id)?.status === 'connected') ? list : undefined;
  });

/** The live mirror as the feed says it: key → data. */
async function liveFeed(): Promise<Map<string, FeedItem & { op: 'upsert' }>> {
  const live = new Map<string, FeedItem & { op: 'upsert' }>();
  for (const item of (await drainFeed(api, undefined, 1000)).items) {
    if (item.op === 'upsert') live.set(item.key, item);
    else live.delete(item.key);
  }
  return live;
}

const idsOf = (live: Map<string, FeedItem & { op: 'upsert' }>, entity: string, tenantId: string) =>
  [...live.values()]
    .filter((i) => i.entity === entity && (i.data as { companyId: string }).companyId === tenantId)
    .map((i) => (i.data as { id: string }).id)
    .sort();

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  emulator = sandbox.emulators.find((e) => e.provider === 'xero') as XeroEmulator;
  // Small organisations: the default limits (60 calls a minute) then cover both imports with room to spare.
  await control('reset', { customers: 12, invoices: 20, provider: 'xero' });
  const endpoints = (await control<{ xero: { apiBaseUrl: string; appBaseUrl: string } }>('endpoints')).xero;
  apiBase = endpoints.apiBaseUrl;
  appBase = endpoints.appBaseUrl;
  tenants = (await control<{ provider: string; id: string; name: string }[]>('companies')).filter((c) => c.provider === 'xero');
  expect(tenants.length).toBeGreaterThanOrEqual(2);
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url, XERO_WEBHOOK_KEY: WEBHOOK_KEY }, { sync: { schedulerTickMs: false } });
  api = await pair(harness.proxy);
  await control('webhooks', { provider: 'xero', url: `${harness.proxy.url}/webhooks/xero`, key: WEBHOOK_KEY });
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

describe('Xero through the proxy, against the sandbox', () => {
  const first = () => tenants[0] as { id: string; name: string };
  const second = () => tenants[1] as { id: string; name: string };
  let ids: string[] = [];

  it('one consent for two organisations: the picker lists both (escaped), and linking both makes two connections on one grant', async () => {
    const callback = await consent(await authorize(), [first().id, second().id]);
    expect(callback.pathname).toBe('/oauth/xero/callback');
    const picker = await fetch(callback);
    const html = await picker.text();
    expect(picker.status, html).toBe(200);
    expect(picker.headers.get('content-security-policy')).toContain("form-action 'self'");
    for (const t of [first(), second()]) expect(html).toContain(`data-testid="oauth-company-${t.id}"`);
    const selection = /name="selection" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(selection).not.toBe('');

    const form = new URLSearchParams({ selection });
    form.append('company', first().id);
    form.append('company', second().id);
    // A browser posts the form from the proxy's own origin: the seat routes' origin rule must not refuse it.
    const linked = await fetch(new URL('select', callback), { method: 'POST', body: form, headers: { Origin: harness.proxy.url } });
    expect(linked.status, await linked.clone().text()).toBe(200);
    expect(await linked.text()).toContain('Connected to');
    // The selection token is single use.
    expect((await fetch(new URL('select', callback), { method: 'POST', body: form })).status).toBe(400);

    const list = await waitFor('two Xero connections', async () => ((await xeroConnections()).length === 2 ? xeroConnections() : undefined));
    ids = list.map((c) => c.id);
    await settled('both imports', ids);
    const records = await Promise.all(ids.map((id) => harness.proxy.store.connections.getById(id)));
    expect(new Set(records.map((r) => r?.grantId)).size).toBe(1);
    expect(records.every((r) => r?.shortCode?.startsWith('!'))).toBe(true);
    const names = Object.fromEntries((await xeroConnections()).map((c) => [c.companyId, c.companyName]));
    expect(names).toEqual({ [first().id]: first().name, [second().id]: second().name });
  });

  it('the feed equals the sandbox record by record, for both organisations', async () => {
    const live = await liveFeed();
    for (const tenant of [first(), second()]) {
      const contacts = (await sandboxList(tenant.id, 'Contacts', 'includeArchived=true')).filter(
        (c) => c.IsCustomer === true || c.IsSupplier !== true,
      );
      expect(idsOf(live, 'customer', tenant.id)).toEqual(contacts.map((c) => String(c.ContactID)).sort());
      for (const contact of contacts) {
        const item = live.get(recordKey({ provider: 'xero', companyId: tenant.id, id: String(contact.ContactID) }));
        const data = item?.data as { displayName: string; balance: string; webUrl: string | null };
        const outstanding = (contact.Balances as { AccountsReceivable?: { Outstanding?: number } } | undefined)?.AccountsReceivable?.Outstanding ?? 0;
        expect(data.displayName).toBe(String(contact.Name));
        expect(Number(data.balance)).toBeCloseTo(outstanding, 2);
        expect(data.webUrl).toContain('shortcode=');
      }
      const invoices = (await sandboxList(tenant.id, 'Invoices')).filter((i) => i.Type === 'ACCREC' && i.Status !== 'DELETED');
      expect(idsOf(live, 'invoice', tenant.id)).toEqual(invoices.map((i) => String(i.InvoiceID)).sort());
      const lines = invoices.reduce((n, i) => n + ((i.LineItems as unknown[] | undefined)?.length ?? 0), 0);
      const mirroredLines = [...live.values()]
        .filter((i) => i.entity === 'invoice' && (i.data as { companyId: string }).companyId === tenant.id)
        .reduce((n, i) => n + (i.data as { lines: unknown[] }).lines.length, 0);
      expect(mirroredLines).toBe(lines);
      const quotes = (await sandboxList(tenant.id, 'Quotes')).filter((q) => q.Status !== 'DELETED');
      expect(idsOf(live, 'estimate', tenant.id)).toEqual(quotes.map((q) => String(q.QuoteID)).sort());
      const payments = (await sandboxList(tenant.id, 'Payments')).filter((p) => p.PaymentType === 'ACCRECPAYMENT' && p.Status !== 'DELETED');
      expect(idsOf(live, 'payment', tenant.id)).toEqual(payments.map((p) => String(p.PaymentID)).sort());
      const credits = (await sandboxList(tenant.id, 'CreditNotes')).filter((n) => n.Type === 'ACCRECCREDIT' && n.Status !== 'DELETED');
      expect(idsOf(live, 'credit_note', tenant.id)).toEqual(credits.map((n) => String(n.CreditNoteID)).sort());
      const items = await sandboxList(tenant.id, 'Items');
      expect(idsOf(live, 'item', tenant.id)).toEqual(items.map((i) => String(i.ItemID)).sort());
    }
  });

  it("a payment recorded in Xero + its signed webhook → the contact's balance moves in the feed", async () => {
    const live = await liveFeed();
    const invoice = [...live.values()]
      .map((i) => i.data as { entity?: string; id: string; companyId: string; status: string; balance: string; customerId: string })
      .find((d) => d.companyId === first().id && d.status === 'open' && Number(d.balance) > 5 && 'customerId' in d);
    expect(invoice).toBeDefined();
    const key = recordKey({ provider: 'xero', companyId: first().id, id: invoice?.customerId ?? '' });
    const before = Number((live.get(key)?.data as { balance: string }).balance);
    const { cursor } = await drainFeed(api, undefined, 1000);
    const paid = await fetch(`${appBase}/AccountsReceivable/View.aspx?InvoiceID=${invoice?.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'amount=5.00',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    await emulator.flushWebhooks();
    const moved = await waitFor('the balance to move', async () => {
      const after = (await drainFeed(api, cursor, 1000)).items.find((i) => i.op === 'upsert' && i.key === key);
      return after?.op === 'upsert' ? Number((after.data as { balance: string }).balance) : undefined;
    });
    expect(moved).toBeCloseTo(before - 5, 2);
  });

  it('creates a contact with an Idempotency-Key once, however often it is sent; a taken name is a clear 422', async () => {
    const connectionId = (await byTenant(first().id))?.id ?? '';
    const body = {
      connectionId,
      force: true,
      customer: {
        kind: 'company',
        displayName: 'Idempotent Widgets Ltd',
        givenName: null,
        familyName: null,
        companyName: 'Idempotent Widgets Ltd',
        emails: ['ap@idempotent.example'],
        phone: null,
        personalAddress: null,
        companyAddress: { line1: '1 Quay St', line2: null, city: 'Auckland', region: null, postalCode: '1010', country: 'NZ' },
        currency: null,
      },
    };
    const send = () => api.request('POST', '/v1/actions/customers', body, { 'Idempotency-Key': 'xero-create-1' });
    const [a, b] = [await send(), await send()];
    expect(a.status).toBe(201);
    const created = CreateCustomerResponseSchema.parse(await a.json()).customer;
    expect(CreateCustomerResponseSchema.parse(await b.json()).customer.id).toBe(created.id);
    // Xero's own Idempotency-Key, below the proxy's: the same provider key twice → the same contact.
    const xero = harness.proxy.providers.xero;
    const auth = { companyId: first().id, connectionId, accessToken: (r?: string) => harness.proxy.tokens.accessToken(connectionId, r) };
    const draft = { kind: 'company' as const, displayName: 'Replayed Co', givenName: null, familyName: null, companyName: 'Replayed Co', emails: [], phone: null, billingAddress: null, shippingAddress: null, currency: null };
    const x1 = await xero?.createCustomer?.(auth, draft, { idempotencyKey: 'provider-key-1' });
    const x2 = await xero?.createCustomer?.(auth, draft, { idempotencyKey: 'provider-key-1' });
    expect(x2?.id).toBe(x1?.id);
    const named = (await sandboxList(first().id, 'Contacts')).filter((c) => c.Name === 'Idempotent Widgets Ltd' || c.Name === 'Replayed Co');
    expect(named).toHaveLength(2);

    const clash = await api.request('POST', '/v1/actions/customers', body, { 'Idempotency-Key': 'xero-create-2' });
    expect(clash.status).toBe(422);
    expect(await clash.json()).toMatchObject({ error: { code: 'provider_validation', details: { reason: 'duplicate_name' } } });
    const time = await api.request('POST', '/v1/actions/time-activities', {
      connectionId, customerId: created.id, party: { type: 'employee', id: 'x' }, date: '2025-01-02', hours: 1, minutes: 0,
      startTime: null, endTime: null, billable: true, itemId: null, hourlyRate: null, description: null,
    }, { 'Idempotency-Key': 'xero-time-1' });
    expect(time.status).toBe(422);
    expect(await time.json()).toMatchObject({ error: { code: 'not_supported' } });
  });

  it('a quote with send: true is refused with 422 before anything is created at Xero (quotes cannot be emailed by API)', async () => {
    const connectionId = (await byTenant(first().id))?.id ?? '';
    const [contact] = await sandboxList(first().id, 'Contacts');
    const quotesBefore = await sandboxList(first().id, 'Quotes');
    const refused = await api.request(
      'POST',
      '/v1/actions/sales-documents',
      {
        connectionId,
        kind: 'estimate',
        customerId: String(contact?.ContactID),
        issueDate: '2025-03-04',
        dueDate: '2025-04-03',
        lines: [{ itemId: null, description: 'Consulting', quantity: '1', unitPrice: '100.00', taxCode: null }],
        send: true,
      },
      { 'Idempotency-Key': 'xero-quote-send-1' },
    );
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('not_supported');
    expect(body.error.message).toMatch(/cannot email quotes.*nothing was created/i);
    expect((await sandboxList(first().id, 'Quotes')).map((q) => q.QuoteID).sort()).toEqual(quotesBefore.map((q) => q.QuoteID).sort());
  });

  it('reset keeps the connection and its links, tombstones the mirror, then imports it afresh', async () => {
    const connection = (await byTenant(first().id)) as Connection;
    const live = await liveFeed();
    const customerId =
      [...live.values()]
        .map((i) => i.data as { companyId?: string; id: string; active?: boolean; displayName?: string })
        .find((d) => d.companyId === first().id && d.active === true && d.displayName !== undefined)?.id ?? '';
    await api.json('PUT', '/v1/links', { recordKey: 'hubspot:contact:reset-1', customerKey: recordKey({ provider: 'xero', companyId: first().id, id: customerId }) });
    const { cursor } = await drainFeed(api, undefined, 1000);
    const reset = ResetResponseSchema.parse(await api.json('POST', `/v1/connections/${connection.id}/reset`, undefined, 202));
    expect(reset.connection.id).toBe(connection.id);
    await settled('the re-import', [connection.id]);
    const after = (await drainFeed(api, cursor, 1000)).items;
    const key = recordKey({ provider: 'xero', companyId: first().id, id: customerId });
    // The feed keeps one row per record, so a seat pulling after the re-import sees the fresh upsert (one pulling
    // in between saw the tombstone): every record of the organisation is sent again.
    expect(after.filter((i) => i.key === key).map((i) => i.op)).toEqual(['upsert']);
    const resent = new Set(after.filter((i) => i.op === 'upsert').map((i) => i.key));
    const before = [...live.values()].filter((i) => i.entity !== 'link' && (i.data as { companyId?: string }).companyId === first().id);
    expect(before.every((i) => resent.has(i.key))).toBe(true);
    const { runs } = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connection.id}&limit=1`));
    expect(runs[0]?.counts.customer?.fetched ?? 0).toBeGreaterThan(0);
    expect(after.some((i) => i.entity === 'link')).toBe(false);
    expect(LinksResponseSchema.parse(await api.json('GET', '/v1/links')).links.map((l) => l.recordKey)).toContain('hubspot:contact:reset-1');
    // Nothing of the other organisation moved.
    expect(after.every((i) => (i.op === 'delete' ? i.connectionId === connection.id : (i.data as { companyId?: string }).companyId === first().id))).toBe(true);
  });

  it('reconnect keeps the id, links and mirror, swaps in the new grant and clears reconnect_required', async () => {
    const connection = (await byTenant(first().id)) as Connection;
    const oldGrant = (await harness.proxy.store.connections.getById(connection.id))?.grantId;
    await harness.proxy.store.connections.setStatus(connection.id, { status: 'reconnect_required', statusMessage: 'test' });
    const { cursor } = await drainFeed(api, undefined, 1000);
    // The consent page offers both organisations again; the reconnect links only the one it was for.
    const page = await fetch(await consent(await authorize({ connectionId: connection.id }), [first().id, second().id]));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Connected to');
    const [after] = await settled('the reconnect sync', [connection.id]).then((l) => l.filter((c) => c.id === connection.id));
    expect(after?.status).toBe('connected');
    const stored = await harness.proxy.store.connections.getById(connection.id);
    expect(stored?.grantId).not.toBe(oldGrant);
    expect((await harness.proxy.store.connections.getById((await byTenant(second().id))?.id ?? ''))?.grantId).toBe(oldGrant);
    expect((await drainFeed(api, cursor, 1000)).items.filter((i) => i.op === 'delete')).toEqual([]);
    expect(LinksResponseSchema.parse(await api.json('GET', '/v1/links')).links).toHaveLength(1);
  });

  it('an organisation disconnected in Xero (403 for the tenant) is removed with its mirror; the other stays', async () => {
    const gone = (await byTenant(second().id)) as Connection;
    const stay = (await byTenant(first().id)) as Connection;
    const record = await harness.proxy.store.connections.getById(gone.id);
    const xero = harness.proxy.providers.xero;
    // The user removes the organisation from LedgerLens in Xero: its connection ends, the grant lives on.
    await xero?.disconnectCompany?.({ companyId: gone.companyId, connectionId: gone.id, accessToken: (r) => harness.proxy.tokens.accessToken(gone.id, r) }, record?.providerConnectionId ?? null);
    const { cursor } = await drainFeed(api, undefined, 1000);
    await api.json('POST', `/v1/connections/${gone.id}/sync`, undefined, 202);
    await waitFor('the connection to go', async () => ((await byTenant(second().id)) ? undefined : true));
    const deletes = (await drainFeed(api, cursor, 1000)).items.filter((i) => i.op === 'delete');
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.every((i) => i.connectionId === gone.id)).toBe(true);
    expect((await byTenant(first().id))?.id).toBe(stay.id);
    expect(await harness.proxy.store.connections.getTokens(stay.id)).not.toBeNull();
  });
});
