import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_CUSTOMER_IDS } from '../../../proxy-server/sandbox/seed/awkward-customers.js';
import { openSandbox, type OpenSandbox } from './sandbox-client.js';

let s: OpenSandbox;
let realmId: string;
let token: string;
beforeAll(async () => {
  s = await openSandbox();
  realmId = s.companies[0]?.id ?? '';
  token = await s.tokenFor(realmId);
});
afterAll(async () => {
  await s.sandbox.close();
});

const post = (path: string, body: unknown) =>
  fetch(`${s.endpoints.qbo.apiBaseUrl}/v3/company/${realmId}/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
const json = async <T>(response: Response): Promise<T> => (await response.json()) as T;
type CustomerEnvelope = { Customer: { Id: string; SyncToken: string; DisplayName: string; Balance: number; PrimaryEmailAddr?: { Address: string }; GivenName?: string } };
type FaultBody = { Fault: { Error: { code: string }[] } };

describe('QBO customer writes', () => {
  it('creates a customer, once per requestid', async () => {
    const body = { DisplayName: 'Requestid Test Co', PrimaryEmailAddr: { Address: 'rt@example.com' } };
    const first = await post('customer?requestid=abc-1&minorversion=75', body);
    expect(first.status).toBe(200);
    const created = await json<CustomerEnvelope>(first);
    expect(created.Customer).toMatchObject({ DisplayName: 'Requestid Test Co', SyncToken: '0', Balance: 0 });
    const retry = await json<CustomerEnvelope>(await post('customer?requestid=abc-1', body));
    expect(retry.Customer.Id).toBe(created.Customer.Id);
    const count = await json<{ QueryResponse: { totalCount: number } }>(await s.query(realmId, "SELECT COUNT(*) FROM Customer WHERE DisplayName = 'Requestid Test Co'", token));
    expect(count.QueryResponse.totalCount).toBe(1);
  });

  it('rejects a duplicate DisplayName with 6240, case-insensitively', async () => {
    const response = await post('customer', { DisplayName: "AMY'S BIRD SANCTUARY" });
    expect(response.status).toBe(400);
    expect(await json<FaultBody>(response)).toMatchObject({ Fault: { Error: [{ code: '6240' }], type: 'ValidationFault' } });
  });

  it('sparse-updates with the current SyncToken and rejects a stale one with 5010', async () => {
    const id = AWKWARD_CUSTOMER_IDS.noEmail;
    const before = await json<CustomerEnvelope>(await s.qboGet(realmId, `customer/${id}`, token));
    const updated = await json<CustomerEnvelope>(await post('customer', { Id: id, SyncToken: before.Customer.SyncToken, sparse: true, PrimaryEmailAddr: { Address: 'harold@finch.example' } }));
    expect(updated.Customer.SyncToken).toBe(String(Number(before.Customer.SyncToken) + 1));
    expect(updated.Customer.PrimaryEmailAddr?.Address).toBe('harold@finch.example');
    expect(updated.Customer.GivenName).toBe('Harold');
    const stale = await post('customer', { Id: id, SyncToken: before.Customer.SyncToken, sparse: true, DisplayName: 'Too Late' });
    expect(stale.status).toBe(400);
    expect(await json<FaultBody>(stale)).toMatchObject({ Fault: { Error: [{ code: '5010' }] } });
  });
});

describe('QBO payments and CDC', () => {
  it('a payment lowers the invoice and customer balances, and CDC reports the changes', async () => {
    const since = new Date(s.sandbox.clock.now() - 1000).toISOString();
    const customerId = AWKWARD_CUSTOMER_IDS.sharedEmailFirst;
    const open = await json<{ QueryResponse: { Invoice: { Id: string; Balance: number }[] } }>(
      await s.query(realmId, `SELECT * FROM Invoice WHERE CustomerRef = '${customerId}' AND Balance > '0'`, token),
    );
    const invoice = open.QueryResponse.Invoice[0];
    if (invoice === undefined) throw new Error('seed gives customer 2 an open invoice');
    const before = await json<CustomerEnvelope>(await s.qboGet(realmId, `customer/${customerId}`, token));
    const payment = await post('payment', { CustomerRef: { value: customerId }, TotalAmt: 10.01, Line: [{ Amount: 10.01, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
    expect(payment.status).toBe(200);
    const after = await json<CustomerEnvelope>(await s.qboGet(realmId, `customer/${customerId}`, token));
    expect(Math.round(after.Customer.Balance * 100)).toBe(Math.round(before.Customer.Balance * 100) - 1001);
    const paidInvoice = await json<{ Invoice: { Balance: number } }>(await s.qboGet(realmId, `invoice/${invoice.Id}`, token));
    expect(Math.round(paidInvoice.Invoice.Balance * 100)).toBe(Math.round(invoice.Balance * 100) - 1001);
    const overpay = await post('payment', { CustomerRef: { value: customerId }, TotalAmt: 1e9, Line: [{ Amount: 1e9, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }] });
    expect(overpay.status).toBe(400);

    const cdc = await json<{ CDCResponse: { QueryResponse: Record<string, unknown>[] }[] }>(
      await s.qboGet(realmId, `cdc?entities=Customer,Invoice,Payment&changedSince=${encodeURIComponent(since)}`, token),
    );
    const [customers, invoices, payments] = cdc.CDCResponse[0]?.QueryResponse ?? [];
    expect((invoices?.Invoice as { Id: string }[]).map((i) => i.Id)).toContain(invoice.Id);
    expect(payments?.Payment).toHaveLength(1);
    expect(customers).toBeDefined();
  });

  it('reports a deleted invoice as status Deleted and refuses windows past 30 days', async () => {
    const since = new Date(s.sandbox.clock.now() - 1000).toISOString();
    const open = await json<{ QueryResponse: { Invoice: { Id: string; SyncToken: string }[] } }>(await s.query(realmId, "SELECT * FROM Invoice WHERE Balance > '0' MAXRESULTS 1", token));
    const victim = open.QueryResponse.Invoice[0];
    const deleted = await post('invoice?operation=delete', { Id: victim?.Id, SyncToken: victim?.SyncToken });
    expect(deleted.status).toBe(200);
    const cdc = await json<{ CDCResponse: { QueryResponse: { Invoice?: { Id: string; status?: string }[] }[] }[] }>(
      await s.qboGet(realmId, `cdc?entities=Invoice&changedSince=${encodeURIComponent(since)}`, token),
    );
    expect(cdc.CDCResponse[0]?.QueryResponse[0]?.Invoice).toContainEqual(expect.objectContaining({ Id: victim?.Id, status: 'Deleted' }));
    const old = new Date(s.sandbox.clock.now() - 31 * 86_400_000).toISOString();
    expect((await s.qboGet(realmId, `cdc?entities=Customer&changedSince=${encodeURIComponent(old)}`, token)).status).toBe(400);
  });

  it('caps CDC at 1000 objects across entities', async () => {
    await s.control('reset', { customers: 900 });
    const since = new Date(s.sandbox.clock.now() - 29 * 86_400_000).toISOString();
    // Touch every customer so all of them changed inside the window.
    await s.control('clock', { advanceSeconds: 1 });
    for (const company of (s.sandbox.emulators[0] as unknown as { state: { companies: { customers: { updatedAt: number }[] }[] } }).state.companies) {
      for (const customer of company.customers) customer.updatedAt = s.sandbox.clock.now();
    }
    const cdc = await json<{ CDCResponse: { QueryResponse: { Customer?: unknown[]; Invoice?: unknown[] }[] }[] }>(
      await s.qboGet(realmId, `cdc?entities=Customer,Invoice&changedSince=${encodeURIComponent(since)}`, token),
    );
    const [customers, invoices] = cdc.CDCResponse[0]?.QueryResponse ?? [];
    expect(customers?.Customer).toHaveLength(900);
    expect((invoices?.Invoice ?? []).length).toBe(100);
  });
});
