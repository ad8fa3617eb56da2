import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../proxy-server/sandbox/qbo/index.js';
import { webhookSignature } from '../../../proxy-server/sandbox/webhook-signature.js';
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

const del = (path: string) => fetch(`${s.sandbox.url}/__sandbox/${path}`, { method: 'DELETE' });

describe('fault injection', () => {
  it('fails the next matching requests with the provider error, then recovers', async () => {
    expect((await s.control('faults', { provider: 'qbo', route: '/query', kind: '5xx', count: 2 })).status).toBe(200);
    const other = await s.qboGet(realmId, 'customer/1', token);
    expect(other.status).toBe(200);
    const failed = await s.query(realmId, 'SELECT * FROM Customer', token);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ Fault: { type: 'SystemFault' } });
    expect((await s.query(realmId, 'SELECT * FROM Customer', token)).status).toBe(500);
    expect((await s.query(realmId, 'SELECT * FROM Customer', token)).status).toBe(200);
  });

  it('injects 429, malformed bodies and revocation; DELETE clears pending faults', async () => {
    await s.control('faults', { provider: 'qbo', kind: '429' });
    const throttled = await s.query(realmId, 'SELECT * FROM Customer', token);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('60');
    await s.control('faults', { provider: 'qbo', kind: 'malformed' });
    const malformed = await s.query(realmId, 'SELECT * FROM Customer', token);
    await expect(malformed.json()).rejects.toThrow();
    await s.control('faults', { provider: 'qbo', kind: '5xx', count: 5 });
    expect((await del('faults')).status).toBe(200);
    expect((await s.query(realmId, 'SELECT * FROM Customer', token)).status).toBe(200);
    await s.control('faults', { provider: 'qbo', kind: 'revoke' });
    expect((await s.query(realmId, 'SELECT * FROM Customer', token)).status).toBe(401);
    token = await s.tokenFor(realmId);
  });

  it('delays with slow and validates the body', async () => {
    await s.control('faults', { provider: 'qbo', kind: 'slow' });
    const started = Date.now();
    expect((await s.query(realmId, 'SELECT COUNT(*) FROM Customer', token)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect((await s.control('faults', { provider: 'qbo', kind: 'explode' })).status).toBe(400);
  });
});

describe('webhooks', () => {
  it('POSTs signed legacy and CloudEvents notifications when a customer changes', async () => {
    const received: { path: string; body: string; signature: string | undefined }[] = [];
    const receiver = createServer((request: IncomingMessage, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ path: request.url ?? '', body, signature: request.headers['intuit-signature'] as string | undefined });
        response.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    try {
      expect((await s.control('webhooks', { provider: 'qbo', url: `${base}/legacy`, key: 'verifier-1' })).status).toBe(200);
      expect((await s.control('webhooks', { provider: 'qbo', url: `${base}/ce`, key: 'verifier-2', format: 'cloudevents' })).status).toBe(200);
      const created = await fetch(`${s.endpoints.qbo.apiBaseUrl}/v3/company/${realmId}/customer`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ DisplayName: 'Webhook Subject Ltd' }),
      });
      const id = ((await created.json()) as { Customer: { Id: string } }).Customer.Id;
      await (s.sandbox.emulators[0] as QboEmulator).webhooksIdle();
      const legacy = received.find((r) => r.path === '/legacy');
      const cloud = received.find((r) => r.path === '/ce');
      expect(legacy?.signature).toBe(webhookSignature(legacy?.body ?? '', 'verifier-1'));
      expect(JSON.parse(legacy?.body ?? '{}')).toMatchObject({ eventNotifications: [{ realmId, dataChangeEvent: { entities: [{ name: 'Customer', id, operation: 'Create' }] } }] });
      expect(cloud?.signature).toBe(webhookSignature(cloud?.body ?? '', 'verifier-2'));
      expect(JSON.parse(cloud?.body ?? '[]')).toEqual([expect.objectContaining({ type: 'qbo.customer.created.v1', intuitentityid: id, intuitaccountid: realmId })]);
    } finally {
      await del('webhooks');
      receiver.close();
    }
  });
});
