import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { webhookSignature } from '../../../proxy-server/sandbox/webhook-signature';
import { type Api, drainFeed, pair, startTestProxy } from '../proxy/helpers';
import { SandboxQbo, connectQbo } from '../proxy/qbo-sync-support';
import { referencePath } from '../../support/reference';

/**
 * Issue 7 item 5 (the webhook half; routes, CORS and OAuth state are access.test.ts): the providers' reference
 * signature vectors (/work/shared/reference/webhooks) posted to /webhooks/qbo and /webhooks/xero with the proxy
 * configured with the vectors' keys → 200; the same with one flipped byte — in the body at the first, middle and
 * last position, or in the signature (a decoded byte, or a base64 character) — or with the vector's own negative
 * case → 401, and nothing happens: no row in webhook_events, no sync started, the feed unchanged.
 * A live payload (naming the connected realm and a real customer) is checked the same way, so "no effect" is
 * measured where an accepted webhook would have had one.
 */
const REFERENCE = referencePath('webhooks');
interface IntuitVector {
  id: string;
  verifier_token: string;
  payload: string;
  signature: string;
  negative?: { signature?: string; payload?: string };
}
interface XeroVector {
  id: string;
  signing_key: string;
  payload: string;
  signature: string;
  negative?: { signature?: string; payload?: string };
}
const intuit = JSON.parse(readFileSync(`${REFERENCE}/intuit_signature_vectors.json`, 'utf8')) as IntuitVector[];
const xero = JSON.parse(readFileSync(`${REFERENCE}/xero_signature_vectors.json`, 'utf8')) as XeroVector[];
const QBO_KEY = intuit[0]?.verifier_token ?? '';
const XERO_KEY = xero[0]?.signing_key ?? '';

let sandbox: RunningSandbox;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;
let qbo: SandboxQbo;
let connectionId: string;
let livePayload: string;
const counts = { refused: 0, accepted: 0 };

const post = (provider: 'qbo' | 'xero', body: Buffer | string, signature: string) =>
  fetch(`${harness.proxy.url}/webhooks/${provider}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [provider === 'qbo' ? 'intuit-signature' : 'x-xero-signature']: signature },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });

const flipByte = (bytes: Buffer, at: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
};

/** Every one-byte corruption the test sends for (payload, signature). */
function corruptions(payload: string, signature: string): { what: string; body: Buffer; signature: string }[] {
  const body = Buffer.from(payload, 'utf8');
  const sig = Buffer.from(signature, 'base64');
  const positions = (n: number) => [...new Set([0, Math.floor(n / 2), n - 1])];
  const b64 = signature.split('');
  return [
    ...positions(body.length).map((at) => ({ what: `body byte ${at}`, body: flipByte(body, at), signature })),
    ...positions(sig.length).map((at) => ({ what: `signature byte ${at}`, body, signature: flipByte(sig, at).toString('base64') })),
    {
      what: 'signature base64 char 0',
      body,
      signature: [(b64[0] === 'A' ? 'B' : 'A'), ...b64.slice(1)].join(''),
    },
  ];
}

async function eventRows(): Promise<number> {
  const rows = await harness.proxy.store.db.query('SELECT count(*)::int AS n FROM webhook_events');
  return Number((rows[0] as { n: number }).n);
}

beforeAll(async () => {
  expect(intuit.length).toBeGreaterThan(0);
  expect(xero.length).toBeGreaterThan(0);
  sandbox = await startSandbox({ port: 0, customers: 12 });
  qbo = await SandboxQbo.open(sandbox.url);
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url, QBO_WEBHOOK_VERIFIER_TOKEN: QBO_KEY, XERO_WEBHOOK_KEY: XERO_KEY }, { sync: { schedulerTickMs: false } });
  api = await pair(harness.proxy);
  connectionId = await connectQbo(api, qbo.realmId);
  await harness.proxy.sync.idle();
  const [customer] = (await qbo.all('Customer')) ?? [];
  livePayload = JSON.stringify({
    eventNotifications: [
      { realmId: qbo.realmId, dataChangeEvent: { entities: [{ name: 'Customer', id: String(customer?.Id), operation: 'Update', lastUpdated: new Date().toISOString() }] } },
    ],
  });
});

afterAll(async () => {
  console.info(`[reliability 5 webhooks] ${intuit.length} Intuit + ${xero.length} Xero vectors + 1 live payload: ${counts.accepted} accepted, ${counts.refused} refused (401)`);
  await harness?.close();
  await sandbox?.close();
});

describe('webhook signatures: reference vectors', () => {
  it('one flipped byte (body or signature) or the vector’s negative case → 401 and no effect', async () => {
    const { cursor } = await drainFeed(api, undefined, 1000);
    const before = await eventRows();
    const cases: { provider: 'qbo' | 'xero'; what: string; body: Buffer | string; signature: string }[] = [];
    for (const v of intuit) {
      for (const c of corruptions(v.payload, v.signature)) cases.push({ provider: 'qbo', ...c, what: `${v.id}: ${c.what}` });
      if (v.negative) cases.push({ provider: 'qbo', what: `${v.id}: negative`, body: v.negative.payload ?? v.payload, signature: v.negative.signature ?? v.signature });
    }
    for (const v of xero) {
      for (const c of corruptions(v.payload, v.signature)) cases.push({ provider: 'xero', ...c, what: `${v.id}: ${c.what}` });
      if (v.negative) cases.push({ provider: 'xero', what: `${v.id}: negative`, body: v.negative.payload ?? v.payload, signature: v.negative.signature ?? v.signature });
    }
    for (const c of corruptions(livePayload, webhookSignature(livePayload, QBO_KEY))) cases.push({ provider: 'qbo', ...c, what: `live: ${c.what}` });

    const wrong: string[] = [];
    for (const c of cases) {
      const response = await post(c.provider, c.body, c.signature);
      if (response.status !== 401) wrong.push(`${c.provider} ${c.what} → ${response.status} ${await response.text()}`);
      else counts.refused += 1;
    }
    expect(wrong).toEqual([]);
    expect(await eventRows()).toBe(before);
    expect(harness.proxy.sync.isRunning(connectionId)).toBe(false);
    expect(await harness.proxy.store.webhookEvents.pendingCompanies()).toEqual([]);
    expect((await drainFeed(api, cursor)).items).toEqual([]);
  });

  it('the vectors as published, with the right key → accepted (200); the live payload is queued for its company', async () => {
    for (const v of intuit) {
      const response = await post('qbo', v.payload, v.signature);
      expect(response.status, `${v.id}: ${await response.clone().text()}`).toBe(200);
      counts.accepted += 1;
    }
    for (const v of xero) {
      const response = await post('xero', v.payload, v.signature);
      expect(response.status, `${v.id}: ${await response.clone().text()}`).toBe(200);
      counts.accepted += 1;
    }
    const before = await eventRows();
    const live = await post('qbo', livePayload, webhookSignature(livePayload, QBO_KEY));
    expect(live.status).toBe(200);
    counts.accepted += 1;
    expect(await eventRows()).toBe(before + 1);
    await harness.proxy.sync.idle();
  });
});
