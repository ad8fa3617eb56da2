import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { xeroWebhookSignature } from '../../../proxy-server/sandbox/xero';
import { apiHeaders, firstTenant, startXeroHarness, type XeroHarness } from './xero-harness';

const KEY = 'retry-key';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A receiver that passes intent-to-receive, then answers event deliveries with `status(n)` for the n-th one. */
async function receiver(status: (n: number) => number): Promise<{ url: string; events: number[] }> {
  const events: number[] = [];
  const app = new Hono();
  app.post('/hook', async (c) => {
    const raw = await c.req.text();
    if (c.req.header('x-xero-signature') !== xeroWebhookSignature(raw, KEY)) return c.body(null, 401);
    const body = JSON.parse(raw) as { events: unknown[] };
    if (body.events.length === 0) return c.body(null, 200);
    events.push(events.length + 1);
    return c.body(null, status(events.length) as 200);
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  cleanups.push(() => void server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, events };
}

async function start(): Promise<XeroHarness> {
  const harness = await startXeroHarness({ limits: { perMinute: 10_000 } });
  cleanups.push(() => harness.close());
  return harness;
}

async function createContact(harness: XeroHarness, name: string): Promise<void> {
  const tenant = firstTenant(harness);
  const response = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts`, {
    method: 'PUT',
    headers: { ...apiHeaders(harness, tenant), 'content-type': 'application/json' },
    body: JSON.stringify({ Contacts: [{ Name: name }] }),
  });
  expect(response.status).toBe(200);
  await harness.emulator.flushWebhooks();
}

const until = async (check: () => boolean, ms = 5_000) => {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  return check();
};

describe('Xero webhook retries (sandbox clock, api-facts.md: decreasing frequency for up to 24 h, then disabled)', () => {
  it('retries a failed delivery in the background until the receiver accepts it', async () => {
    const harness = await start();
    const hook = await receiver((n) => (n <= 2 ? 500 : 200));
    expect((await harness.emulator.subscribeWebhook({ url: hook.url, key: KEY })).intentToReceive).toBe('OK');
    await createContact(harness, 'Retry Later Ltd');
    expect(hook.events.length).toBeGreaterThanOrEqual(1);
    // 10 s and 30 s of sandbox schedule are 10 ms and 30 ms at the default compression.
    expect(await until(() => hook.events.length === 3)).toBe(true);
    expect(harness.emulator.webhookHealth()).toEqual({ disabledUrls: [], pendingRetries: 0 });
  });

  it('disables the subscription after a day of failures, and sends it nothing more', async () => {
    const harness = await start();
    const hook = await receiver(() => 503);
    await harness.emulator.subscribeWebhook({ url: hook.url, key: KEY });
    await createContact(harness, 'Never Answered Ltd');
    expect(await until(() => hook.events.length >= 3)).toBe(true);
    // A day of retry schedule, compressed 1000x, is 86.4 s of sandbox time.
    harness.clock.advance(90);
    expect(await until(() => harness.emulator.webhookHealth().disabledUrls.includes(hook.url))).toBe(true);
    const attempts = hook.events.length;
    await createContact(harness, 'After Disable Ltd');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(hook.events.length).toBe(attempts);
  });
});
