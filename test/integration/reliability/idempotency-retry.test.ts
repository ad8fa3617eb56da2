import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../../lib/model';
import type { NewCustomer } from '../../../lib/proxy-api';
import { type Api, pair, startTestProxy, waitFor } from '../proxy/helpers';
import { SandboxQbo, connectQbo } from '../proxy/qbo-sync-support';
import { sleep, startCountingSandbox, type CountingSandbox } from './support';

/**
 * Issue 7 item 4, what the existing tests miss. Covered elsewhere (see docs/RELIABILITY.md): the same key twice and
 * 50 concurrent identical requests (test/integration/proxy/actions-qbo.test.ts), a provider response lost to the
 * proxy's own write timeout (same file), one key across two processes on PostgreSQL (actions-idempotency-pg.test.ts).
 * Here: the CLIENT gives up. The sandbox holds the create (a 'slow' fault on the create route); once the request has
 * reached the sandbox (seen at its listener) the client aborts (AbortController), then retries with the same
 * Idempotency-Key — while the first is still in flight, and again after it finished → exactly one customer at the
 * provider, and every answer the client gets names that customer.
 */
let sandbox: CountingSandbox;
let qbo: SandboxQbo;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let connectionId: string;

const newCustomer = (): NewCustomer => ({
  kind: 'person',
  displayName: 'Ignored',
  givenName: 'Retry',
  familyName: `Timeout ${randomUUID().slice(0, 8)}`,
  companyName: null,
  emails: [`${randomUUID().slice(0, 8)}@retry.test`],
  phone: null,
  personalAddress: null,
  companyAddress: null,
  currency: null,
});

const create = (body: unknown, key: string, signal?: AbortSignal) =>
  fetch(`${harness.proxy.url}/v1/actions/customers`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${api.token as string}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });

const creates = () => sandbox.requests.filter((r) => r.startsWith('POST ') && /\/customer$/.test(r)).length;

beforeAll(async () => {
  sandbox = await startCountingSandbox({ customers: 12 });
  qbo = await SandboxQbo.open(sandbox.url);
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url }, { sync: { schedulerTickMs: false } });
  api = await pair(harness.proxy);
  connectionId = await connectQbo(api, qbo.realmId);
  await harness.proxy.sync.idle();
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

describe('idempotency: client-side timeouts and retries', () => {
  it('aborted after the provider received it, retried with the same key (during and after) → one customer', async () => {
    const tries = 3;
    const found: number[] = [];
    for (let round = 0; round < tries; round += 1) {
      const body = { connectionId, customer: newCustomer() };
      const key = randomUUID();
      const name = `Retry ${body.customer.familyName}`;
      await qbo.control('POST', 'faults', { provider: 'qbo', route: '/customer', kind: 'slow', count: 1, delayMs: 2500 });
      const before = creates();
      const controller = new AbortController();
      const first = create(body, key, controller.signal).then(
        (r) => ({ aborted: false, status: r.status }),
        (e: Error) => ({ aborted: e.name === 'AbortError' || controller.signal.aborted, status: 0 }),
      );
      // The create has reached the provider (held there by the fault): the client gives up now.
      await waitFor('the create to reach the sandbox', async () => (creates() > before ? true : undefined), 10_000);
      controller.abort();
      expect(await first).toMatchObject({ aborted: true });

      // Retry at once, while the first is still held at the provider.
      const during = await create(body, key);
      const duringBody = (await during.json()) as { customer?: Customer; error?: { code: string } };
      // And again once everything settled.
      await sleep(2700);
      const after = await create(body, key);
      const afterBody = (await after.json()) as { customer?: Customer };
      const atProvider = (await qbo.all('Customer', ` WHERE DisplayName = '${name}'`)) ?? [];
      found.push(atProvider.length);
      console.info(`[reliability 4 retry] round ${round + 1}: retry during → ${during.status}${duringBody.error ? ` ${duringBody.error.code}` : ''}, retry after → ${after.status} (replayed ${after.headers.get('idempotent-replayed')}), ${atProvider.length} customer(s) at the sandbox, ${creates() - before} create POST(s) reached it`);
      expect(atProvider).toHaveLength(1);
      // A retry during the first may be told to come back (409) but must never create; a success names the one customer.
      expect([201, 409]).toContain(during.status);
      if (during.status === 201) expect(duringBody.customer?.id).toBe(String(atProvider[0]?.Id));
      expect(after.status).toBe(201);
      expect(afterBody.customer?.id).toBe(String(atProvider[0]?.Id));
    }
    expect(found).toEqual(Array(tries).fill(1));
  });
});
