import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../proxy-server/sandbox/qbo/index.js';
import { openSandbox, type OpenSandbox } from './sandbox-client.js';

/** Fault kinds per provider and route: delayMs, timeouts that drop the connection, Xero shapes, webhook faults, retries. */
let s: OpenSandbox;
let realmId: string;
let token: string;
let xero: { tenantId: string; token: string; apiBaseUrl: string };
beforeAll(async () => {
  s = await openSandbox();
  realmId = s.companies[0]?.id ?? '';
  token = await s.tokenFor(realmId);
  const companies = (await (await s.control('companies')).json()) as { provider: string; id: string }[];
  const tenantId = companies.find((c) => c.provider === 'xero')?.id ?? '';
  const issued = (await (await s.control('token', { provider: 'xero', companyId: tenantId })).json()) as { access_token: string };
  const endpoints = (await (await s.control('endpoints')).json()) as { xero: { apiBaseUrl: string } };
  xero = { tenantId, token: issued.access_token, apiBaseUrl: endpoints.xero.apiBaseUrl };
});
afterAll(async () => {
  await s.sandbox.close();
});

const del = (path: string) => fetch(`${s.sandbox.url}/__sandbox/${path}`, { method: 'DELETE' });
const xeroGet = (path: string) => fetch(`${xero.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${xero.token}`, 'xero-tenant-id': xero.tenantId, accept: 'application/json' } });

describe('faults per provider and route', () => {
  it('slow honours delayMs; timeout holds then drops the connection', async () => {
    await s.control('faults', { provider: 'qbo', route: '/query', kind: 'slow', delayMs: 300 });
    const started = Date.now();
    expect((await s.query(realmId, 'SELECT COUNT(*) FROM Customer', token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);

    await s.control('faults', { provider: 'qbo', kind: 'timeout', delayMs: 200 });
    await expect(s.query(realmId, 'SELECT COUNT(*) FROM Customer', token)).rejects.toThrow();
    // A client with a shorter timeout gives up first.
    await s.control('faults', { provider: 'xero', route: '/Contacts', kind: 'timeout', delayMs: 400 });
    await expect(fetch(`${xero.apiBaseUrl}/Contacts`, { headers: { authorization: `Bearer ${xero.token}`, 'xero-tenant-id': xero.tenantId }, signal: AbortSignal.timeout(100) })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 400));
  });

  it('gives Xero-shaped 429 bursts, 5xx and malformed bodies on the named route only', async () => {
    await s.control('faults', { provider: 'xero', route: '/Invoices', kind: '429', count: 2 });
    expect((await xeroGet('/Contacts?page=1')).status).toBe(200);
    for (let i = 0; i < 2; i += 1) {
      const throttled = await xeroGet('/Invoices?page=1');
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('60');
      expect(throttled.headers.get('x-rate-limit-problem')).toBe('minute');
      expect(await throttled.text()).toBe('');
    }
    expect((await xeroGet('/Invoices?page=1')).status).toBe(200);
    await s.control('faults', { provider: 'xero', kind: '5xx' });
    const failed = await xeroGet('/Organisation');
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ Title: 'An error occurred', Status: 500 });
    await s.control('faults', { provider: 'xero', kind: 'malformed' });
    const malformed = await xeroGet('/Organisation');
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow();
  });

  it('revokes the Xero grant: the next call is 401', async () => {
    await s.control('faults', { provider: 'xero', kind: 'revoke' });
    expect((await xeroGet('/Organisation')).status).toBe(401);
    xero.token = ((await (await s.control('token', { provider: 'xero', companyId: xero.tenantId })).json()) as { access_token: string }).access_token;
  });
});

describe('webhook faults and retries (QBO)', () => {
  const startReceiver = async (answer: (index: number) => number) => {
    const received: string[] = [];
    const receiver = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push(body);
        response.statusCode = answer(received.length);
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    return { received, url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, close: () => receiver.close() };
  };
  const createCustomer = async (name: string): Promise<string> => {
    const response = await fetch(`${s.endpoints.qbo.apiBaseUrl}/v3/company/${realmId}/customer`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ DisplayName: name }),
    });
    const id = ((await response.json()) as { Customer: { Id: string } }).Customer.Id;
    await new Promise((resolve) => setTimeout(resolve, 60)); // one webhook batch per change
    return id;
  };
  const emulator = (): QboEmulator => s.sandbox.emulators[0] as QboEmulator;
  const ids = (bodies: string[]) => bodies.map((body) => (JSON.parse(body) as { eventNotifications: { dataChangeEvent: { entities: { id: string }[] } }[] }).eventNotifications[0]?.dataChangeEvent.entities[0]?.id);

  it('sends the next deliveries twice (webhook-duplicate)', async () => {
    const receiver = await startReceiver(() => 200);
    try {
      await s.control('webhooks', { provider: 'qbo', url: receiver.url, key: 'k' });
      await s.control('faults', { provider: 'qbo', kind: 'webhook-duplicate', count: 1 });
      const id = await createCustomer('Duplicate Delivery Co');
      await emulator().webhooksIdle();
      expect(ids(receiver.received)).toEqual([id, id]);
    } finally {
      await del('webhooks');
      receiver.close();
    }
  });

  it('holds the next N deliveries and sends them newest first (webhook-out-of-order)', async () => {
    const receiver = await startReceiver(() => 200);
    try {
      await s.control('webhooks', { provider: 'qbo', url: receiver.url, key: 'k' });
      await s.control('faults', { provider: 'qbo', kind: 'webhook-out-of-order', count: 3 });
      const created = [await createCustomer('Order One'), await createCustomer('Order Two'), await createCustomer('Order Three')];
      await emulator().webhooksIdle();
      expect(ids(receiver.received)).toEqual(created.reverse());
    } finally {
      await del('webhooks');
      receiver.close();
    }
  });

  it('retries a failed delivery on the compressed schedule without blocking the write', async () => {
    const receiver = await startReceiver((n) => (n <= 2 ? 500 : 200));
    try {
      await s.control('webhooks', { provider: 'qbo', url: receiver.url, key: 'k' });
      const started = Date.now();
      const id = await createCustomer('Retry Me Ltd');
      expect(Date.now() - started).toBeLessThan(1000);
      // Schedule 0 s, 10 s (compressed 1000× → 10 ms); advancing the sandbox clock also makes retries due.
      await s.control('clock', { advanceSeconds: 30 });
      for (let i = 0; i < 50 && receiver.received.length < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(ids(receiver.received)).toEqual([id, id, id]);
    } finally {
      await del('webhooks');
      receiver.close();
    }
  });
});
