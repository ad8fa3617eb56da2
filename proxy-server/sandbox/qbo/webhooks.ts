import { randomUUID } from 'node:crypto';
import { createClock, type SandboxClock, type WebhookSubscription } from '../emulator.js';
import { createRetryQueue } from '../webhook-retry.js';
import { createWebhookShaper, type WebhookFaultSource } from '../webhook-shaper.js';
import { webhookSignature } from '../webhook-signature.js';
import type { QboChange } from './change-events.js';
import { formatQboDateTime } from './qbo-time.js';

/**
 * QBO webhooks: changes are batched per tick and POSTed to each subscriber, signed with `intuit-signature`. Payloads
 * carry ids only (api-facts.md "Webhooks"); the legacy format and the CloudEvents format that replaces it in 2026.
 * A failed delivery (no 200 within 3 s) is retried on QBO's schedule (webhook-retry.ts) in the background; webhook
 * faults (webhook-shaper.ts) duplicate or reorder deliveries.
 */
const CLOUD_EVENT_VERB: Record<QboChange['operation'], string> = { Create: 'created', Update: 'updated', Delete: 'deleted', Void: 'voided', Merge: 'merged' };

export function legacyPayload(changes: QboChange[]): unknown {
  const realms = [...new Set(changes.map((change) => change.realmId))];
  return {
    eventNotifications: realms.map((realmId) => ({
      realmId,
      dataChangeEvent: {
        entities: changes
          .filter((change) => change.realmId === realmId)
          .map((change) => ({ name: change.entity, id: change.id, operation: change.operation, lastUpdated: formatQboDateTime(change.at) })),
      },
    })),
  };
}

export function cloudEventsPayload(changes: QboChange[]): unknown {
  return changes.map((change) => ({
    specversion: '1.0',
    id: randomUUID(),
    source: 'intuit.sandbox',
    type: `qbo.${change.entity.toLowerCase()}.${CLOUD_EVENT_VERB[change.operation]}.v1`,
    datacontenttype: 'application/json',
    time: new Date(change.at).toISOString(),
    intuitentityid: change.id,
    intuitaccountid: change.realmId,
  }));
}

export interface QboWebhookDispatcher {
  subscribe(subscription: WebhookSubscription): void;
  clear(): void;
  onChange(change: QboChange): void;
  /** Resolves when every delivery started so far has finished (tests). */
  idle(): Promise<void>;
  /** Sends deliveries held by a 'webhook-out-of-order' fault. */
  releaseHeld(): void;
  /** Deliveries waiting for a retry. */
  pendingRetries(): number;
}

export interface QboWebhookDeps {
  fetch?: typeof fetch;
  clock?: SandboxClock;
  /** The sandbox's fault injector, for webhook-duplicate / webhook-out-of-order (attached after creation). */
  faults?: () => WebhookFaultSource | undefined;
  retryCompression?: number;
}

export function createQboWebhookDispatcher(deps: QboWebhookDeps = {}): QboWebhookDispatcher {
  const send = deps.fetch ?? fetch;
  let subscriptions: WebhookSubscription[] = [];
  let pending: QboChange[] = [];
  let scheduled = false;
  const shaper = createWebhookShaper('qbo', deps.faults ?? (() => undefined));
  const retries = createRetryQueue({ clock: deps.clock ?? createClock(), ...(deps.retryCompression === undefined ? {} : { compression: deps.retryCompression }) });

  // One attempt: QBO wants HTTP 200 within 3 s; anything else (or no answer) is a failure to retry.
  const attempt = (subscription: WebhookSubscription, body: string) => async (): Promise<boolean> => {
    const response = await send(subscription.url, {
      method: 'POST',
      headers: {
        'content-type': subscription.format === 'cloudevents' ? 'application/cloudevents-batch+json' : 'application/json',
        'intuit-signature': webhookSignature(body, subscription.key),
      },
      body,
      signal: AbortSignal.timeout(3000),
    });
    await response.body?.cancel();
    return response.status === 200;
  };

  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    for (const subscription of subscriptions) {
      const body = JSON.stringify(subscription.format === 'cloudevents' ? cloudEventsPayload(batch) : legacyPayload(batch));
      shaper.submit(() => retries.deliver(attempt(subscription, body)));
    }
  };

  return {
    subscribe: (subscription) => {
      subscriptions = [...subscriptions.filter((s) => s.url !== subscription.url), subscription];
    },
    clear: () => {
      subscriptions = [];
      retries.clear();
    },
    onChange: (change) => {
      if (subscriptions.length === 0) return;
      pending.push(change);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 20);
      }
    },
    releaseHeld: () => shaper.release(),
    pendingRetries: () => retries.pending(),
    idle: async () => {
      while (scheduled) await new Promise((resolve) => setTimeout(resolve, 25));
      await shaper.idle();
    },
  };
}
