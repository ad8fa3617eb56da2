import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../errors';
import { parseQboWebhook } from '../providers/qbo/webhook-payload';
import type { WebhookReceiver } from '../webhooks/receiver';
import { verifyWebhookSignature } from '../webhooks/signature';
import { parseXeroWebhook } from '../webhooks/xero-payload';

/** Intuit batches events; a burst can exceed the API's 64 KB request limit, so webhooks get their own. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1024 * 1024;

export interface WebhookRouteDeps {
  receiver: WebhookReceiver;
  /** QBO_WEBHOOK_VERIFIER_TOKEN (Intuit developer portal → Webhooks → Verifier Token); unset = refuse everything. */
  qboVerifierToken?: string | undefined;
  /** XERO_WEBHOOK_KEY (Xero developer portal → Webhooks → Webhooks key). */
  xeroWebhookKey?: string | undefined;
}

async function rawBody(c: Context): Promise<Uint8Array> {
  return new Uint8Array(await c.req.arrayBuffer());
}

function parseJson(raw: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(raw).toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

/**
 * POST /webhooks/qbo and /webhooks/xero: public (no seat token) — authenticated by the provider's HMAC over the raw
 * body instead. A wrong or missing signature is 401 with no effect; a verified body is queued and answered 200
 * before any provider call (api-facts.md: QBO 200 within 3 s, Xero within 5 s with an empty body).
 */
export function webhookRoutes(deps: WebhookRouteDeps) {
  const unauthorized = (c: Context) => c.json(errorBody('unauthorized', 'The webhook signature is missing or wrong.'), 401);
  return new Hono()
    .use('*', bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT_BYTES, onError: (c) => c.json(errorBody('payload_too_large', 'Webhook body too large.'), 413) }))
    .post('/qbo', async (c) => {
      const raw = await rawBody(c);
      if (!verifyWebhookSignature(raw, c.req.header('intuit-signature'), deps.qboVerifierToken)) return unauthorized(c);
      const json = parseJson(raw);
      const parsed = json.ok ? parseQboWebhook(json.value) : { ok: false as const, message: 'The webhook body is not JSON.' };
      if (!parsed.ok) return c.json(errorBody('invalid_request', parsed.message), 400);
      await deps.receiver.accept(parsed.events);
      return c.body(null, 200);
    })
    .post('/xero', async (c) => {
      const raw = await rawBody(c);
      // Intent to receive: Xero sends signed and unsigned empty batches; only the signed one may get a 200.
      if (!verifyWebhookSignature(raw, c.req.header('x-xero-signature'), deps.xeroWebhookKey)) return c.body(null, 401);
      const json = parseJson(raw);
      const parsed = json.ok ? parseXeroWebhook(json.value) : { ok: false as const, message: 'The webhook body is not JSON.' };
      if (!parsed.ok) return c.json(errorBody('invalid_request', parsed.message), 400);
      // Queued for the organisation's sync, which reads the named contacts/invoices by IDs (xero-sync.ts fetchByIds).
      await deps.receiver.accept(parsed.events);
      return c.body(null, 200);
    });
}
