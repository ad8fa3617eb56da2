import { z } from 'zod';
import type { WebhookEvent } from '../../store/webhook-events';
import { qboEntityByName } from './qbo-entities';

/**
 * QBO webhook bodies → provider-neutral WebhookEvents. Two formats are live during Intuit's migration
 * (api-facts.md §1 Webhooks): the legacy `eventNotifications` object and the CloudEvents array (mandatory from
 * 2026). Parsing both is what keeps a format switch in the developer portal from becoming a silent desync.
 * Entities we do not mirror (TimeActivity, SalesReceipt, Class, …) are kept with their QBO name: the queue
 * records them and the consumer ignores them.
 */
const Legacy = z.object({
  eventNotifications: z.array(
    z.object({
      realmId: z.union([z.string(), z.number().transform(String)]),
      dataChangeEvent: z
        .object({
          entities: z.array(
            z
              .object({
                name: z.string(),
                id: z.union([z.string(), z.number().transform(String)]),
                operation: z.string(),
                lastUpdated: z.string().optional(),
                deletedId: z.union([z.string(), z.number().transform(String)]).optional(),
              })
              .passthrough(),
          ),
        })
        .passthrough(),
    }).passthrough(),
  ),
});

const CloudEvent = z
  .object({
    specversion: z.string().optional(),
    id: z.string().min(1),
    type: z.string(),
    time: z.string().optional(),
    intuitentityid: z.union([z.string(), z.number().transform(String)]),
    intuitaccountid: z.union([z.string(), z.number().transform(String)]),
    data: z.object({ deletedid: z.union([z.string(), z.number().transform(String)]).optional() }).passthrough().nullish(),
  })
  .passthrough();
const CloudEvents = z.array(CloudEvent);

const OPERATIONS: Record<string, WebhookEvent['operation']> = {
  create: 'create',
  created: 'create',
  update: 'update',
  updated: 'update',
  delete: 'delete',
  deleted: 'delete',
  merge: 'merge',
  merged: 'merge',
  void: 'void',
  voided: 'void',
};

function entityName(name: string): string {
  return qboEntityByName(name)?.entity ?? name;
}

function time(value: string | undefined): number | null {
  if (!value) return null;
  // Legacy lastUpdated uses a -0700 offset without a colon; Date.parse accepts both forms in V8.
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

export type ParsedQboWebhook = { ok: true; events: WebhookEvent[]; format: 'legacy' | 'cloudevents' } | { ok: false; message: string };

export function parseQboWebhook(body: unknown): ParsedQboWebhook {
  if (Array.isArray(body)) {
    const parsed = CloudEvents.safeParse(body);
    if (!parsed.success) return { ok: false, message: 'The CloudEvents batch is not in the expected shape.' };
    const events: WebhookEvent[] = [];
    for (const e of parsed.data) {
      // type = qbo.<entity>.<verb>.v1
      const [, entity = '', verb = ''] = e.type.split('.');
      const base = { provider: 'qbo', companyId: e.intuitaccountid, occurredAt: time(e.time) };
      events.push({ ...base, entity: entityName(entity), id: e.intuitentityid, operation: OPERATIONS[verb.toLowerCase()] ?? 'other', key: `qbo:ce:${e.id}` });
      // A merge names the record that disappeared in data.deletedid (api-facts.md §1): it becomes a tombstone.
      if (e.data?.deletedid) {
        events.push({ ...base, entity: entityName(entity), id: e.data.deletedid, operation: 'delete', key: `qbo:ce:${e.id}:deleted` });
      }
    }
    return { ok: true, events, format: 'cloudevents' };
  }
  const parsed = Legacy.safeParse(body);
  if (!parsed.success) return { ok: false, message: 'The webhook body is neither legacy eventNotifications nor a CloudEvents batch.' };
  const events: WebhookEvent[] = [];
  for (const notification of parsed.data.eventNotifications) {
    for (const e of notification.dataChangeEvent.entities) {
      const base = { provider: 'qbo', companyId: notification.realmId, entity: entityName(e.name), occurredAt: time(e.lastUpdated) };
      // Legacy events have no id of their own: the change itself (realm, entity, id, operation, time) is the key.
      const key = `qbo:${notification.realmId}:${e.name}:${e.id}:${e.operation}:${e.lastUpdated ?? ''}`;
      events.push({ ...base, id: e.id, operation: OPERATIONS[e.operation.toLowerCase()] ?? 'other', key });
      if (e.deletedId) events.push({ ...base, id: e.deletedId, operation: 'delete', key: `${key}:deleted` });
    }
  }
  return { ok: true, events, format: 'legacy' };
}
