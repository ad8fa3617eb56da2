import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { xeroWebhookSignature } from '../../../proxy-server/sandbox/xero';
import { apiHeaders, firstTenant, startXeroHarness, type XeroHarness } from './xero-harness';

const KEY = 'receiver-key';
let harness: XeroHarness;
let receiverUrl: string;
let closeReceiver: () => void;
const received: { events: Record<string, unknown>[]; firstEventSequence: number; lastEventSequence: number }[] = [];

/** A receiver that behaves as Xero requires: 200 for a correct signature, 401 otherwise. */
beforeAll(async () => {
  harness = await startXeroHarness({ limits: { perMinute: 10_000 } });
  const app = new Hono();
  app.post('/hook', async (c) => {
    const raw = await c.req.text();
    if (c.req.header('x-xero-signature') !== xeroWebhookSignature(raw, KEY)) return c.body(null, 401);
    received.push(JSON.parse(raw) as (typeof received)[number]);
    return c.body(null, 200);
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  closeReceiver = () => server.close();
});
afterAll(async () => {
  closeReceiver();
  await harness.close();
});

describe('Xero webhooks', () => {
  it('fails intent-to-receive for a receiver that accepts everything', async () => {
    const lax = new Hono();
    lax.post('/', (c) => c.body(null, 200));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: lax.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
    });
    const result = await harness.emulator.subscribeWebhook({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, key: KEY });
    server.close();
    expect(result.intentToReceive).toBe('FAILED');
  });

  it('passes intent-to-receive, then delivers signed CONTACT CREATE and INVOICE UPDATE events', async () => {
    expect(await harness.emulator.subscribeWebhook({ url: receiverUrl, key: KEY })).toEqual({ intentToReceive: 'OK' });
    const tenantId = firstTenant(harness);
    const headers = apiHeaders(harness, tenantId, { 'Content-Type': 'application/json' });
    const created = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts`, { method: 'PUT', headers, body: JSON.stringify({ Name: 'Webhook Watcher Ltd' }) });
    const contactId = String(((await created.json()) as { Contacts: { ContactID: string }[] }).Contacts[0]?.ContactID);
    await harness.emulator.flushWebhooks();
    const contactEvent = received.flatMap((payload) => payload.events).find((event) => event['resourceId'] === contactId);
    expect(contactEvent).toMatchObject({
      resourceUrl: `${harness.endpoints['apiBaseUrl']}/Contacts/${contactId}`,
      eventType: 'CREATE',
      eventCategory: 'CONTACT',
      tenantId,
      tenantType: 'ORGANISATION',
    });
    expect(String(contactEvent?.['eventDateUtc'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);

    // "Record payment" in the web app fires INVOICE UPDATE.
    const invoice = [...(harness.emulator.tenants()[0]?.invoices ?? [])].find((candidate) => candidate.status === 'AUTHORISED' && candidate.type === 'ACCREC');
    const page = await fetch(`${harness.endpoints['appBaseUrl']}/AccountsReceivable/View.aspx?InvoiceID=${invoice?.invoiceId}`);
    expect(await page.text()).toContain('data-testid="sandbox-record-payment"');
    const paid = await fetch(`${harness.endpoints['appBaseUrl']}/AccountsReceivable/View.aspx?InvoiceID=${invoice?.invoiceId}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'amount=1.00',
      redirect: 'manual',
    });
    expect(paid.status).toBe(303);
    await harness.emulator.flushWebhooks();
    const invoiceEvent = received.flatMap((payload) => payload.events).find((event) => event['resourceId'] === invoice?.invoiceId);
    expect(invoiceEvent).toMatchObject({ eventType: 'UPDATE', eventCategory: 'INVOICE' });
    // The intent-to-receive payloads carry no events and sequence 0; real deliveries count up from 1.
    const deliveries = received.filter((payload) => payload.events.length > 0);
    expect(deliveries[0]?.firstEventSequence).toBe(1);
    expect(deliveries.at(-1)?.lastEventSequence).toBe(deliveries.reduce((count, payload) => count + payload.events.length, 0));
  });

  it('the deep-link login redirect takes a URL-encoded ShortCode to the contact page, with names escaped', async () => {
    const tenant = harness.emulator.tenants()[0];
    const xss = tenant?.contacts.find((contact) => contact.name.includes('<script>'));
    const url = `${harness.endpoints['appBaseUrl']}/organisationlogin/default.aspx?shortcode=${encodeURIComponent(tenant?.organisation.shortCode ?? '')}&redirecturl=/Contacts/View/${xss?.contactId}`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-testid="sandbox-contact-name"');
    expect(html).not.toContain('<script>alert');
  });
});
