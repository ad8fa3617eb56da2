import { z } from 'zod';
import type { WebhookEvent } from '../store/webhook-events';

/**
 * Xero webhook body (api-facts.md §2 Webhooks): CONTACT and INVOICE events, CREATE/UPDATE only. An empty `events`
 * list is the intent-to-receive check, which only needs the 200 for a correct signature.
 */
const XeroWebhook = z.object({
  events: z.array(
    z
      .object({
        resourceId: z.string().min(1),
        eventDateUtc: z.string().optional(),
        eventType: z.string(),
        eventCategory: z.string(),
        tenantId: z.string().min(1),
      })
      .passthrough(),
  ),
  firstEventSequence: z.number().optional(),
  lastEventSequence: z.number().optional(),
  entropy: z.string().optional(),
});

const CATEGORY: Record<string, string> = { CONTACT: 'customer', INVOICE: 'invoice' };

export function parseXeroWebhook(body: unknown): { ok: true; events: WebhookEvent[] } | { ok: false; message: string } {
  const parsed = XeroWebhook.safeParse(body);
  if (!parsed.success) return { ok: false, message: 'The Xero webhook body is not in the expected shape.' };
  return {
    ok: true,
    events: parsed.data.events.map((e) => {
      const at = e.eventDateUtc ? Date.parse(e.eventDateUtc.endsWith('Z') ? e.eventDateUtc : `${e.eventDateUtc}Z`) : Number.NaN;
      return {
        provider: 'xero',
        companyId: e.tenantId,
        entity: CATEGORY[e.eventCategory.toUpperCase()] ?? e.eventCategory.toLowerCase(),
        id: e.resourceId,
        operation: e.eventType.toUpperCase() === 'CREATE' ? 'create' : e.eventType.toUpperCase() === 'UPDATE' ? 'update' : 'other',
        occurredAt: Number.isNaN(at) ? null : at,
        key: `xero:${e.tenantId}:${e.eventCategory}:${e.resourceId}:${e.eventType}:${e.eventDateUtc ?? ''}`,
      };
    }),
  };
}
