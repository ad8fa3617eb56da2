import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandbox, type OpenSandbox } from './sandbox-client.js';

/** A person records a payment in the sandbox's QBO web app: balances change and the webhook fires, as in QBO. */
let s: OpenSandbox;
let realmId: string;
let token: string;
const received: string[] = [];
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    received.push(body);
    res.writeHead(200).end();
  });
});

beforeAll(async () => {
  s = await openSandbox();
  realmId = s.companies[0]?.id ?? '';
  token = await s.tokenFor(realmId);
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  expect((await s.control('webhooks', { provider: 'qbo', url, key: 'verifier', format: 'legacy' })).status).toBe(200);
});
afterAll(async () => {
  receiver.close();
  await s.sandbox.close();
});

async function openInvoice(): Promise<{ Id: string; Balance: number; CustomerRef: { value: string } }> {
  const response = await s.query(realmId, "SELECT * FROM Invoice WHERE Balance > '0' MAXRESULTS 1", token);
  const body = (await response.json()) as { QueryResponse: { Invoice: { Id: string; Balance: number; CustomerRef: { value: string } }[] } };
  return body.QueryResponse.Invoice[0]!;
}

async function customerBalance(id: string): Promise<number> {
  const body = (await (await s.qboGet(realmId, `customer/${id}`, token)).json()) as { Customer: { Balance: number } };
  return body.Customer.Balance;
}

describe('QBO web app: receive payment on the invoice page', () => {
  it('lists open invoices on the customer page and links to the invoice page at its deep-link path', async () => {
    const invoice = await openInvoice();
    const customerPage = await (await fetch(`${s.sandbox.url}/qbo/app/customerdetail?nameId=${invoice.CustomerRef.value}&realmId=${realmId}`)).text();
    expect(customerPage).toContain(`/qbo/app/invoice?txnId=${invoice.Id}`);
    const invoicePage = await fetch(`${s.sandbox.url}/qbo/app/invoice?txnId=${invoice.Id}&realmId=${realmId}`);
    expect(invoicePage.status).toBe(200);
    expect(await invoicePage.text()).toContain('data-testid="qbo-record-payment"');
  });

  it('a payment recorded in the form lowers the invoice and customer balances and fires the webhook', async () => {
    const invoice = await openInvoice();
    const before = await customerBalance(invoice.CustomerRef.value);
    received.length = 0;
    const form = new URLSearchParams({ txnId: invoice.Id, realmId, amount: '1.25' });
    const posted = await fetch(`${s.sandbox.url}/qbo/app/invoice/payment`, { method: 'POST', body: form, redirect: 'manual' });
    expect(posted.status).toBe(303);
    const after = (await (await s.qboGet(realmId, `invoice/${invoice.Id}`, token)).json()) as { Invoice: { Balance: number } };
    expect(after.Invoice.Balance).toBeCloseTo(invoice.Balance - 1.25, 2);
    expect(await customerBalance(invoice.CustomerRef.value)).toBeCloseTo(before - 1.25, 2);
    await expect.poll(() => received.join('\n'), { timeout: 5_000 }).toContain('"Payment"');
    expect(received.join('\n')).toContain(`"id":"${invoice.Id}"`);
  });

  it('refuses an amount that is not a positive number, and changes nothing', async () => {
    const invoice = await openInvoice();
    const form = new URLSearchParams({ txnId: invoice.Id, realmId, amount: '-5' });
    const posted = await fetch(`${s.sandbox.url}/qbo/app/invoice/payment`, { method: 'POST', body: form });
    expect(posted.status).toBe(400);
    const after = (await (await s.qboGet(realmId, `invoice/${invoice.Id}`, token)).json()) as { Invoice: { Balance: number } };
    expect(after.Invoice.Balance).toBe(invoice.Balance);
  });
});
