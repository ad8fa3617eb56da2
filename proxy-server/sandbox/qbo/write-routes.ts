import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import { customerJson } from './customer-json.js';
import { customerBody, writeCustomer } from './customer-write.js';
import { faultJson, validationFault } from './fault-json.js';
import type { QboApiEnv } from './api-routes.js';
import { paymentJson } from './invoice-json.js';
import { addQboEntityRoutes } from './entity-routes.js';
import { addQboInvoiceRoutes } from './invoice-routes.js';
import { createPayment, paymentBody } from './payment-write.js';
import { entityEnvelope, qboJson } from './respond.js';
import { announce, type QboState } from './state.js';
import type { Idempotent, Outcome, ParseBody } from './write-helpers.js';



/**
 * Writes: POST /customer (create, full or sparse update), POST /payment; invoices (invoice-routes.ts) and the
 * registry's entities (entity-routes.ts) share the idempotency and body parsing defined here.
 * `?requestid=` makes a write idempotent: a retry returns the first response instead of writing again
 * (api-facts.md "Idempotency"; at most 50 characters).
 */
export function addQboWriteRoutes(state: QboState, routes: Hono<QboApiEnv>): void {
  const idempotent: Idempotent = async (c, write) => {
    const requestId = c.req.query('requestid');
    if (requestId !== undefined && requestId.length > 50) {
      return qboJson(c, validationFault(state.clock.now(), { Message: 'Invalid Request Id', Detail: 'requestid must be at most 50 characters', code: '2010', element: 'requestid' }), 400);
    }
    const key = requestId === undefined || requestId === '' ? undefined : `${c.var.company.profile.realmId}:${requestId}`;
    const earlier = key === undefined ? undefined : state.idempotentResponses.get(key);
    if (earlier !== undefined) return qboJson(c, earlier.body, earlier.status);
    const outcome = await write();
    if (key !== undefined) state.idempotentResponses.set(key, outcome);
    return qboJson(c, outcome.body, outcome.status);
  };

  const parse: ParseBody = async <T>(c: Context<QboApiEnv>, schema: z.ZodType<T>): Promise<{ ok: true; value: T } | { ok: false; outcome: Outcome }> => {
    const raw: unknown = await c.req.json().catch(() => undefined);
    const parsed = schema.safeParse(raw);
    if (parsed.success) return { ok: true, value: parsed.data };
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    return { ok: false, outcome: { status: 400, body: validationFault(state.clock.now(), { Message: 'Request has invalid or unsupported property', Detail: `Property Name:${detail}`, code: '2010', element: '' }) } };
  };

  routes.post('/customer', (c) =>
    idempotent(c, async () => {
      const body = await parse(c, customerBody);
      if (!body.ok) return body.outcome;
      const now = state.clock.now();
      const company = c.var.company;
      const result = writeCustomer(company, body.value, now);
      if (!result.ok) return { status: 400, body: faultJson(now, 'ValidationFault', [result.error]) };
      announce(state, { realmId: company.profile.realmId, entity: 'Customer', id: result.customer.id, operation: result.created ? 'Create' : 'Update', at: now });
      return { status: 200, body: entityEnvelope('Customer', customerJson(company, result.customer), now) };
    }),
  );

  routes.post('/payment', (c) =>
    idempotent(c, async () => {
      const body = await parse(c, paymentBody);
      if (!body.ok) return body.outcome;
      const now = state.clock.now();
      const company = c.var.company;
      const result = createPayment(company, body.value, now);
      if (!result.ok) return { status: 400, body: faultJson(now, 'ValidationFault', [result.error]) };
      const realmId = company.profile.realmId;
      announce(state, { realmId, entity: 'Payment', id: result.payment.id, operation: 'Create', at: now });
      for (const invoice of result.invoices) announce(state, { realmId, entity: 'Invoice', id: invoice.id, operation: 'Update', at: now });
      return { status: 200, body: entityEnvelope('Payment', paymentJson(company, result.payment), now) };
    }),
  );

  addQboInvoiceRoutes(state, routes, idempotent, parse);
  addQboEntityRoutes(state, routes, idempotent, parse);
}
