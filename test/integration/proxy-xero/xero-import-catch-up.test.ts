import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordKey } from '../../../lib/model';
import { AuthorizeResponseSchema } from '../../../lib/proxy-api';
import { createClock } from '../../../proxy-server/sandbox/emulator';
import { createEmulators, createSandboxApp } from '../../../proxy-server/sandbox/server';
import { DEFAULT_SEED } from '../../../proxy-server/sandbox/seed/qbo-seed';
import type { SyncEntity } from '../../../proxy-server/providers/provider-client';
import { type Api, connections, drainFeed, pair, startTestProxy, waitFor } from '../proxy/helpers';

/**
 * The catch-up read after a Xero import (issue 7, P3): Xero's contact balances move without UpdatedDateUTC, so the
 * proxy reads by ID the contacts of every document that changed — except documents that changed before the
 * contacts were imported, whose effect the imported balance already carries. A document that changed after the
 * contacts were read still gets its contact read again. Every request to the sandbox is recorded where it arrives.
 */
type Raw = Record<string, unknown>;
const requests: { url: URL; tenant: string | null }[] = [];
let server: ServerType;
let sandboxUrl: string;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let apiBase: string;
let appBase: string;
let tenants: string[];
let onPage: (entity: SyncEntity) => Promise<void> = async () => undefined;

async function control<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandboxUrl}/__sandbox/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(response.ok, `${path}: ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

async function sandboxGet(tenantId: string, path: string): Promise<Raw> {
  const { access_token } = await control<{ access_token: string }>('token', { provider: 'xero', companyId: tenantId });
  const response = await fetch(`${apiBase}/${path}`, { headers: { Authorization: `Bearer ${access_token}`, 'xero-tenant-id': tenantId, Accept: 'application/json' } });
  expect(response.status).toBe(200);
  return (await response.json()) as Raw;
}

/** An open sales invoice with room for a $5 payment, and its contact. */
async function openInvoice(tenantId: string): Promise<{ invoiceId: string; contactId: string }> {
  const invoices = (await sandboxGet(tenantId, 'Invoices?Statuses=AUTHORISED')).Invoices as Raw[];
  const invoice = invoices.find((i) => i['Type'] === 'ACCREC' && Number(i['AmountDue']) > 10);
  expect(invoice).toBeDefined();
  return { invoiceId: String(invoice?.['InvoiceID']), contactId: String((invoice?.['Contact'] as Raw)['ContactID']) };
}

/** Records a $5 payment in the sandbox's web app, as a bookkeeper would. */
async function pay(invoiceId: string): Promise<void> {
  const paid = await fetch(`${appBase}/AccountsReceivable/View.aspx?InvoiceID=${invoiceId}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'amount=5.00',
    redirect: 'manual',
  });
  expect(paid.status).toBe(303);
}

async function connect(tenantId: string): Promise<void> {
  const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'xero' }));
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.append('company', tenantId);
  form.set('decision', 'allow');
  const consent = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body: form, redirect: 'manual' });
  expect(consent.status).toBe(302);
  expect((await fetch(consent.headers.get('location') ?? '')).status).toBe(200);
  await waitFor('the import', async () => {
    await harness.proxy.sync.idle();
    const connection = (await connections(api)).find((c) => c.companyId === tenantId);
    return connection?.status === 'connected' ? connection : undefined;
  });
}

/** The contact's balance in the proxy's feed and in the sandbox. */
async function balances(tenantId: string, contactId: string): Promise<{ feed: number; sandbox: number }> {
  const key = recordKey({ provider: 'xero', companyId: tenantId, id: contactId });
  let feed = Number.NaN;
  for (const item of (await drainFeed(api, undefined, 1000)).items) if (item.key === key && item.op === 'upsert') feed = Number((item.data as { balance: string }).balance);
  const [contact] = (await sandboxGet(tenantId, `Contacts?IDs=${contactId}`)).Contacts as Raw[];
  const outstanding = ((contact?.['Balances'] as Raw)['AccountsReceivable'] as Raw)['Outstanding'];
  return { feed, sandbox: Number(outstanding) };
}

const contactReadsById = (tenantId: string) =>
  requests.filter(({ url, tenant }) => tenant === tenantId && url.pathname.endsWith('/api.xro/2.0/Contacts') && url.searchParams.has('IDs')).length;

beforeAll(async () => {
  const clock = createClock();
  const emulators = createEmulators(clock, { seed: DEFAULT_SEED });
  const app = createSandboxApp({ emulators, clock, defaultSeed: DEFAULT_SEED });
  server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: (request, env) => {
        requests.push({ url: new URL(request.url), tenant: request.headers.get('xero-tenant-id') });
        return app.fetch(request, env);
      }, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  sandboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await control('reset', { customers: 12, invoices: 20, provider: 'xero' });
  const endpoints = (await control<{ xero: { apiBaseUrl: string; appBaseUrl: string } }>('endpoints')).xero;
  apiBase = endpoints.apiBaseUrl;
  appBase = endpoints.appBaseUrl;
  tenants = (await control<{ provider: string; id: string }[]>('companies')).filter((c) => c.provider === 'xero').map((c) => c.id);
  expect(tenants.length).toBeGreaterThanOrEqual(2);
  harness = await startTestProxy({ SANDBOX_URL: sandboxUrl }, { sync: { schedulerTickMs: false, hooks: { afterPage: ({ entity }) => onPage(entity) } } });
  api = await pair(harness.proxy);
});

afterAll(async () => {
  await harness?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

/** Runs `change` once, after the first imported page of `entity`. */
function once(entity: SyncEntity, change: () => Promise<void>): void {
  let done = false;
  onPage = async (page) => {
    if (page !== entity || done) return;
    done = true;
    await change();
  };
}

describe('the catch-up read after a Xero import', () => {
  it('does not read again a contact whose document changed before the contacts were imported; its balance is right', async () => {
    const tenant = tenants[0] as string;
    const { invoiceId, contactId } = await openInvoice(tenant);
    once('invoice', async () => {
      await pay(invoiceId);
      // Past the sync's 5 s margin on Xero's clock, as an import of a real company is.
      await control('clock', { advanceSeconds: 30 });
    });
    requests.length = 0;
    await connect(tenant);
    expect(contactReadsById(tenant)).toBe(0);
    const { feed, sandbox } = await balances(tenant, contactId);
    expect(feed).toBeCloseTo(sandbox, 2);
  });

  it('reads again by ID a contact whose document changed after the contacts were read', async () => {
    const tenant = tenants[1] as string;
    const { invoiceId, contactId } = await openInvoice(tenant);
    const before = await balances(tenant, contactId);
    once('customer', () => pay(invoiceId));
    requests.length = 0;
    await connect(tenant);
    expect(contactReadsById(tenant)).toBeGreaterThanOrEqual(1);
    const { feed, sandbox } = await balances(tenant, contactId);
    expect(sandbox).toBeCloseTo(before.sandbox - 5, 2);
    expect(feed).toBeCloseTo(sandbox, 2);
  });
});
