import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../../lib/model';
import { AuthorizeResponseSchema, type NewCustomer } from '../../../lib/proxy-api';
import type { ProviderRegistry } from '../../../proxy-server/providers/provider-client';
import { withQboWrites } from '../../../proxy-server/providers/qbo/qbo-writes';
import { QBO_UK_REALM_ID, QBO_US_REALM_ID } from '../../../proxy-server/sandbox/seed/qbo-companies';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, connections, consent, drainFeed, pair, startTestProxy, waitFor } from './helpers';

/** The actions over real HTTP: proxy + the sandbox's QBO emulator, checked at the sandbox itself. */
let sandbox: RunningSandbox;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let endpoints: { apiBaseUrl: string; appBaseUrl: string };
const connectionIds: Record<string, string> = {};

type Row = Record<string, unknown>;

async function sandboxQuery(realm: string, entity: string, where = ''): Promise<Row[]> {
  const token = (await (
    await fetch(`${sandbox.url}/__sandbox/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ provider: 'qbo', companyId: realm }),
    })
  ).json()) as { access_token: string };
  const query = encodeURIComponent(`SELECT * FROM ${entity} ${where} MAXRESULTS 1000`);
  const response = await fetch(`${endpoints.apiBaseUrl}/v3/company/${realm}/query?query=${query}&minorversion=75`, {
    headers: { Authorization: `Bearer ${token.access_token}`, Accept: 'application/json' },
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return ((JSON.parse(text) as { QueryResponse: Row }).QueryResponse[entity] as Row[] | undefined) ?? [];
}

async function connect(realm: string): Promise<string> {
  const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
  const landing = await fetch(await consent(authorizeUrl, { company: realm }));
  expect(landing.status, await landing.text()).toBe(200);
  return (await waitFor(`connection ${realm}`, async () => (await connections(api)).find((c) => c.companyId === realm))).id;
}

const action = (path: string, body: unknown, key: string = randomUUID()) =>
  api.request('POST', `/v1/actions/${path}`, body, { 'Idempotency-Key': key });

const newCustomer = (over: Partial<NewCustomer> = {}): NewCustomer => ({
  kind: 'person',
  displayName: 'Ignored',
  givenName: 'Zelda',
  familyName: `Quartermaine ${randomUUID().slice(0, 8)}`,
  companyName: null,
  emails: [`${randomUUID().slice(0, 8)}@zelda.test`],
  phone: null,
  personalAddress: { line1: '1 Home Rd', line2: null, city: 'Leeds', region: null, postalCode: 'LS1', country: 'GB' },
  companyAddress: null,
  currency: null,
  ...over,
});

const named = (name: string) => sandboxQuery(QBO_US_REALM_ID, 'Customer', `WHERE DisplayName = '${name.replace(/'/g, "\\'")}'`);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  endpoints = ((await (await fetch(`${sandbox.url}/__sandbox/endpoints`)).json()) as { qbo: typeof endpoints }).qbo;
  // Writes time out after 800 ms per attempt, so a 'slow' sandbox fault (1.5 s) loses the first response.
  harness = await startTestProxy(
    { SANDBOX_URL: sandbox.url },
    { wrapProviders: (r: ProviderRegistry) => ({ ...r, ...(r.qbo ? { qbo: withQboWrites(r.qbo, { endpoints, timeoutMs: 800 }) } : {}) }) },
  );
  api = await pair(harness.proxy);
  connectionIds.us = await connect(QBO_US_REALM_ID);
  connectionIds.uk = await connect(QBO_UK_REALM_ID);
}, 120_000);

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

describe('create customer', () => {
  it('twice with one Idempotency-Key → one customer at the provider, the second answer replayed', async () => {
    const body = { connectionId: connectionIds.us, customer: newCustomer() };
    const key = randomUUID();
    const first = await action('customers', body, key);
    const firstBody = (await first.json()) as { customer: Customer };
    expect(first.status, JSON.stringify(firstBody)).toBe(201);
    const second = await action('customers', body, key);
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.json()).toEqual(firstBody);
    expect(firstBody.customer).toMatchObject({ displayName: `Zelda ${body.customer.familyName}`, givenName: 'Zelda', emails: body.customer.emails });
    expect(firstBody.customer.billingAddress).toEqual(body.customer.personalAddress);
    expect(firstBody.customer.webUrl).toContain(`deeplinkcompanyid=${QBO_US_REALM_ID}`);
    expect(await named(firstBody.customer.displayName)).toHaveLength(1);
    // Same key, another body.
    const reused = await action('customers', { ...body, force: true }, key);
    expect(reused.status).toBe(422);
    expect(((await reused.json()) as { error: { code: string } }).error.code).toBe('idempotency_key_reused');
  });

  it('50 concurrent identical requests → exactly one customer at the provider', async () => {
    const body = { connectionId: connectionIds.us, customer: newCustomer() };
    const key = randomUUID();
    const responses = await Promise.all(Array.from({ length: 50 }, () => action('customers', body, key)));
    const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ customer: Customer }>));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(bodies.map((b) => b.customer.id)).size).toBe(1);
    expect(await named(`Zelda ${body.customer.familyName}`)).toHaveLength(1);
  });

  it('a provider response lost to a timeout is retried with the same requestid → still one customer', async () => {
    await fetch(`${sandbox.url}/__sandbox/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ provider: 'qbo', route: '/customer', kind: 'slow', count: 1 }),
    });
    const body = { connectionId: connectionIds.us, customer: newCustomer() };
    const response = await action('customers', body);
    expect(response.status, await response.clone().text()).toBe(201);
    await new Promise((r) => setTimeout(r, 1600)); // let the slowed first attempt reach the sandbox too
    expect(await named(`Zelda ${body.customer.familyName}`)).toHaveLength(1);
  });

  it('an existing email → 409 customer_exists with that customer as candidate; force with a taken name → 422 (6240)', async () => {
    const [existing] = await sandboxQuery(QBO_US_REALM_ID, 'Customer', "WHERE PrimaryEmailAddr LIKE '%@%'");
    const email = String((existing?.PrimaryEmailAddr as { Address: string }).Address).split(',')[0]!.trim();
    const conflict = await action('customers', { connectionId: connectionIds.us, customer: newCustomer({ emails: [email] }) });
    const conflictBody = (await conflict.json()) as { error: { code: string; details: { candidates: Customer[] } } };
    expect(conflict.status).toBe(409);
    expect(conflictBody.error.code).toBe('customer_exists');
    expect(conflictBody.error.details.candidates.map((c) => c.id)).toContain(String(existing?.Id));

    const taken = String(existing?.DisplayName);
    const byName = await action('customers', { connectionId: connectionIds.us, customer: newCustomer({ kind: 'company', companyName: taken, emails: [] }) });
    expect(byName.status).toBe(409);

    const forced = await action('customers', { connectionId: connectionIds.us, force: true, customer: newCustomer({ kind: 'company', companyName: taken, emails: [] }) });
    const forcedBody = (await forced.json()) as { error: { code: string; message: string; details: { providerCode: string } } };
    expect(forced.status).toBe(422);
    expect(forcedBody.error).toMatchObject({ code: 'provider_validation', details: { providerCode: '6240' } });
    expect(forcedBody.error.message).toMatch(/link the existing one/);
  });

  it('the created customer reaches every seat through the feed at once', async () => {
    const other = await pair(harness.proxy, 'Other seat');
    const { cursor } = await drainFeed(other, undefined, 1000);
    const created = (await (await action('customers', { connectionId: connectionIds.us, customer: newCustomer() })).json()) as { customer: Customer };
    const { items } = await drainFeed(other, cursor, 1000);
    expect(items.some((i) => i.op === 'upsert' && i.entity === 'customer' && i.data.id === created.customer.id)).toBe(true);
  });
});

describe('links', () => {
  it('PUT validates at the provider, travels to another seat through the feed; DELETE unlinks', async () => {
    const other = await pair(harness.proxy, 'Linker two');
    const { cursor } = await drainFeed(other, undefined, 1000);
    const [customer] = await sandboxQuery(QBO_US_REALM_ID, 'Customer');
    const customerKey = `qbo:${QBO_US_REALM_ID}:${String(customer?.Id)}`;
    const recordKey = 'hubspot:contact:4242';
    const put = await api.json<{ link: { recordKey: string; customerKey: string } }>('PUT', '/v1/links', { recordKey, customerKey });
    expect(put.link).toMatchObject({ recordKey, customerKey, connectionId: connectionIds.us });
    const seen = await drainFeed(other, cursor, 1000);
    expect(seen.items).toContainEqual(expect.objectContaining({ op: 'upsert', entity: 'link', key: `link:${recordKey}` }));
    expect((await api.json<{ links: unknown[] }>('GET', '/v1/links')).links).toContainEqual(expect.objectContaining({ recordKey, customerKey }));

    const missing = await api.request('PUT', '/v1/links', { recordKey, customerKey: `qbo:${QBO_US_REALM_ID}:999999` });
    expect(missing.status).toBe(422);
    const foreign = await api.request('PUT', '/v1/links', { recordKey, customerKey: 'qbo:1111:1' });
    expect(foreign.status).toBe(404);

    expect((await api.request('DELETE', `/v1/links?recordKey=${encodeURIComponent(recordKey)}`)).status).toBe(204);
    const after = await drainFeed(other, seen.cursor, 1000);
    expect(after.items).toContainEqual(expect.objectContaining({ op: 'delete', entity: 'link', key: `link:${recordKey}` }));
  });
});

describe('time activity and sales documents', () => {
  it('creates a time activity the sandbox holds with its hours', async () => {
    const [employee] = await sandboxQuery(QBO_US_REALM_ID, 'Employee');
    const [customer] = await sandboxQuery(QBO_US_REALM_ID, 'Customer');
    const response = await action('time-activities', {
      connectionId: connectionIds.us,
      customerId: String(customer?.Id),
      party: { type: 'employee', id: String(employee?.Id) },
      date: '2025-03-04',
      hours: 2,
      minutes: 45,
      startTime: null,
      endTime: null,
      billable: true,
      itemId: null,
      hourlyRate: '80',
      description: 'Site visit',
    });
    const body = (await response.json()) as { timeActivity: { id: string } };
    expect(response.status, JSON.stringify(body)).toBe(201);
    const [stored] = await sandboxQuery(QBO_US_REALM_ID, 'TimeActivity', `WHERE Id = '${body.timeActivity.id}'`);
    expect(stored).toMatchObject({ Hours: 2, Minutes: 45, BillableStatus: 'Billable', NameOf: 'Employee', Description: 'Site visit' });
  });

  it('UK realm: an invoice whose lines carry a tax code (the exempt code when none is given)', async () => {
    const [customer] = await sandboxQuery(QBO_UK_REALM_ID, 'Customer');
    const [item] = await sandboxQuery(QBO_UK_REALM_ID, 'Item');
    const response = await action('sales-documents', {
      connectionId: connectionIds.uk,
      kind: 'invoice',
      customerId: String(customer?.Id),
      issueDate: '2025-03-04',
      dueDate: '2025-04-03',
      lines: [{ itemId: String(item?.Id), description: 'Work', quantity: '2', unitPrice: '12.50', taxCode: null }],
      send: false,
    });
    const body = (await response.json()) as { invoice: { id: string; webUrl: string; lines: { taxCode: string | null }[] } };
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.invoice.webUrl).toContain(`deeplinkcompanyid=${QBO_UK_REALM_ID}`);
    const [stored] = await sandboxQuery(QBO_UK_REALM_ID, 'Invoice', `WHERE Id = '${body.invoice.id}'`);
    const lines = (stored?.Line as Row[]).filter((l) => l.DetailType === 'SalesItemLineDetail');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ Amount: 25, SalesItemLineDetail: { Qty: 2, UnitPrice: 12.5 } });
    expect((lines[0]?.SalesItemLineDetail as { TaxCodeRef?: { value: string } }).TaxCodeRef?.value).toBeTruthy();
  });
});
