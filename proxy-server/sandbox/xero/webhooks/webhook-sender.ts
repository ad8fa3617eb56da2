import { type SandboxClock } from '../../emulator';
import { type ChangeEvent } from '../api/change-events';
import { webhookEntropy, xeroWebhookSignature } from './signature';
import { createRetryQueue, XERO_RETRY_EVERY_S, XERO_RETRY_SCHEDULE_S } from '../../webhook-retry';
import { createWebhookShaper, type WebhookFaultSource } from '../../webhook-shaper';

export interface WebhookSubscription {
  url: string;
  key: string;
}

export interface WebhookDelivery {
  url: string;
  body: string;
  status: number | 'network-error';
  intentToReceive: boolean;
}

export interface WebhookSenderDeps {
  clock: SandboxClock;
  /** Absolute Accounting API base, for each event's resourceUrl. */
  apiBaseUrl: () => string;
  fetchImpl?: typeof fetch;
  /** Events within this window go out in one payload, as Xero batches them. */
  batchDelayMs?: number;
  /** Sandbox-schedule seconds per real second for retries (webhook-retry.ts); default 1000. */
  retryCompression?: number;
  /** The sandbox's fault injector, for webhook-duplicate / webhook-out-of-order (webhook-shaper.ts). */
  faults?: () => WebhookFaultSource | undefined;
}

/** `2024-06-21T01:15:39.902`, the eventDateUtc format of the spec's example (webhooks/xero_webhook_payload_samples.json). */
function eventDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 23);
}

/**
 * Xero webhooks (api-facts.md section 2, Webhooks): an intent-to-receive handshake on subscribe (one correctly signed
 * and one wrongly signed empty payload; the receiver must answer 200 and 401), then batched CONTACT/INVOICE
 * CREATE/UPDATE events with increasing sequence numbers, signed with the subscription's key, retried on failure at
 * decreasing frequency on the sandbox clock for a day, after which the subscription is disabled.
 */
export function createWebhookSender(deps: WebhookSenderDeps) {
  const fetchImpl = deps.fetchImpl ?? fetch;
  const batchDelayMs = deps.batchDelayMs ?? 25;
  const subscriptions: WebhookSubscription[] = [];
  const disabled: WebhookSubscription[] = [];
  // Failed deliveries are retried on the sandbox clock (POST /__sandbox/clock makes them due at once); after a day
  // of failures the subscription is disabled, as Xero does.
  const retries = createRetryQueue({
    clock: deps.clock,
    schedule: XERO_RETRY_SCHEDULE_S,
    repeatEvery: XERO_RETRY_EVERY_S,
    ...(deps.retryCompression === undefined ? {} : { compression: deps.retryCompression }),
  });
  const disable = (subscription: WebhookSubscription) => {
    const index = subscriptions.indexOf(subscription);
    if (index < 0) return;
    subscriptions.splice(index, 1);
    disabled.push(subscription);
  };
  const deliveries: WebhookDelivery[] = [];
  let queue: ChangeEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  let sequence = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const shaper = createWebhookShaper('xero', deps.faults ?? (() => undefined));

  async function post(subscription: WebhookSubscription, body: string, signature: string, intent: boolean): Promise<number | 'network-error'> {
    let status: number | 'network-error';
    try {
      const response = await fetchImpl(subscription.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8', 'x-xero-signature': signature },
        body,
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      status = response.status;
    } catch {
      status = 'network-error';
    }
    deliveries.push({ url: subscription.url, body, status, intentToReceive: intent });
    return status;
  }

  async function subscribe(subscription: WebhookSubscription): Promise<{ intentToReceive: 'OK' | 'FAILED' }> {
    const payload = (entropy: string) =>
      `{"events":[],"firstEventSequence": 0,"lastEventSequence": 0, "entropy": "${entropy}"}`;
    const good = payload(webhookEntropy());
    const bad = payload(webhookEntropy());
    const goodStatus = await post(subscription, good, xeroWebhookSignature(good, subscription.key), true);
    const badStatus = await post(subscription, bad, xeroWebhookSignature(bad, `${subscription.key}-wrong`), true);
    const passed = goodStatus === 200 && badStatus === 401;
    if (passed) {
      const existing = subscriptions.findIndex((item) => item.url === subscription.url);
      if (existing >= 0) subscriptions.splice(existing, 1);
      subscriptions.push(subscription);
    }
    return { intentToReceive: passed ? 'OK' : 'FAILED' };
  }

  async function deliver(events: ChangeEvent[]): Promise<void> {
    if (events.length === 0 || subscriptions.length === 0) return;
    const first = sequence + 1;
    sequence += events.length;
    const body = JSON.stringify({
      events: events.map((event) => ({
        resourceUrl: `${deps.apiBaseUrl()}/${event.category === 'CONTACT' ? 'Contacts' : 'Invoices'}/${event.resourceId}`,
        resourceId: event.resourceId,
        eventDateUtc: eventDate(event.at),
        eventType: event.type,
        eventCategory: event.category,
        tenantId: event.tenantId,
        tenantType: 'ORGANISATION',
      })),
      firstEventSequence: first,
      lastEventSequence: sequence,
      entropy: webhookEntropy(),
    });
    for (const subscription of subscriptions) {
      const signature = xeroWebhookSignature(body, subscription.key);
      const attempt = async () => {
        // A disabled subscription gets nothing more, including retries already scheduled.
        if (!subscriptions.includes(subscription)) return true;
        const status = await post(subscription, body, signature, false);
        return typeof status === 'number' && status >= 200 && status < 300;
      };
      shaper.submit(() => retries.deliver(attempt, () => disable(subscription)));
    }
    await shaper.idle();
  }

  function flush(): Promise<void> {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const events = queue;
    queue = [];
    inFlight = inFlight.then(() => deliver(events));
    return inFlight;
  }

  return {
    subscribe,
    enqueue(event: ChangeEvent): void {
      if (subscriptions.length === 0) return;
      queue.push(event);
      timer ??= setTimeout(() => void flush(), batchDelayMs);
    },
    /** Sends whatever is queued now and resolves when every delivery so far has finished. */
    flush,
    deliveries: (): readonly WebhookDelivery[] => deliveries,
    /** Subscriptions disabled after a day of failed deliveries (a new subscribe re-enables the URL). */
    disabled: (): readonly WebhookSubscription[] => disabled,
    /** Deliveries waiting for a retry. */
    pendingRetries: (): number => retries.pending(),
    releaseHeld: () => shaper.release(),
    unsubscribeAll(): void {
      subscriptions.length = 0;
      queue = [];
      retries.clear();
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;
