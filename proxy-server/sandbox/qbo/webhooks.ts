import { randomUUID } from 'node:crypto';
import type { WebhookSubscription } from '../emulator.js';
import { webhookSignature } from '../webhook-signature.js';
import type { QboChange } from './change-events.js';
import { formatQboDateTime } from './qbo-time.js';

/**
 * QBO webhooks: changes are batched per tick and POSTed to each subscriber, signed with `intuit-signature`. Payloads
 * carry ids only (api-facts.md "Webhooks"); the legacy format and the CloudEvents format that replaces it in 2026.
 * Delivery is fire-and-forget with no retries; a receiver that is down misses the events, so clients must keep CDC.
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
}

export function createQboWebhookDispatcher(deps: { fetch?: typeof fetch } = {}): QboWebhookDispatcher {
  const send = deps.fetch ?? fetch;
  let subscriptions: WebhookSubscription[] = [];
  let pending: QboChange[] = [];
  let inFlight: Promise<unknown>[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const batch = pending;
    pending = [];
    for (const subscription of subscriptions) {
      const body = JSON.stringify(subscription.format === 'cloudevents' ? cloudEventsPayload(batch) : legacyPayload(batch));
      const delivery = send(subscription.url, {
        method: 'POST',
        headers: {
          'content-type': subscription.format === 'cloudevents' ? 'application/cloudevents-batch+json' : 'application/json',
          'intuit-signature': webhookSignature(body, subscription.key),
        },
        body,
        signal: AbortSignal.timeout(3000),
      })
        .then((response) => response.body?.cancel())
        .catch(() => undefined);
      inFlight.push(delivery);
    }
  };

  return {
    subscribe: (subscription) => {
      subscriptions = [...subscriptions.filter((s) => s.url !== subscription.url), subscription];
    },
    clear: () => {
      subscriptions = [];
    },
    onChange: (change) => {
      if (subscriptions.length === 0) return;
      pending.push(change);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 20);
      }
    },
    idle: async () => {
      while (scheduled || inFlight.length > 0) {
        if (scheduled) await new Promise((resolve) => setTimeout(resolve, 25));
        const current = inFlight;
        inFlight = [];
        await Promise.all(current);
      }
    },
  };
}
