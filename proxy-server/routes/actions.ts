import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import { CreateCustomerRequestSchema, CreateSalesDocumentRequestSchema, CreateTimeActivityRequestSchema } from '../../lib/proxy-api';
import type { ActionResult } from '../actions/action-errors';
import type { ActionDeps } from '../actions/connection-auth';
import { createCustomer } from '../actions/create-customer';
import { createIdempotency, idempotencyKeyOf, type ActionContext, type Idempotency } from '../actions/idempotency';
import { createSalesDocument } from '../actions/sales-document';
import { createTimeActivity } from '../actions/time-activity';
import type { AppEnv } from '../http/app-env';
import { jsonBody } from '../http/validate';
import type { Seat } from '../../lib/model';

/**
 * POST /v1/actions/{customers,time-activities,sales-documents} (lib/proxy-api.ts "Actions"). Each needs an
 * Idempotency-Key header; a replayed answer carries `Idempotent-Replayed: true`.
 */
export function actionsRoutes(deps: ActionDeps & { idempotency?: Idempotency }) {
  const idempotency = deps.idempotency ?? createIdempotency({ keys: deps.store.idempotencyKeys, clock: deps.clock });

  function action<S extends z.ZodType>(
    route: string,
    schema: S,
    execute: (deps: ActionDeps, seat: Seat, request: z.infer<S>, ctx: ActionContext) => Promise<ActionResult>,
  ) {
    return async (c: Context<AppEnv>) => {
      const key = idempotencyKeyOf(c);
      const request = await jsonBody(c, schema);
      const seat = c.get('seat');
      const result = await idempotency({ workspaceId: seat.workspaceId, route, key }, request, (ctx) => execute(deps, seat, request, ctx));
      return c.json(result.body as object, result.status, {
        ...result.headers,
        ...(result.replayed ? { 'Idempotent-Replayed': 'true' } : {}),
      });
    };
  }

  return new Hono<AppEnv>()
    .post('/customers', action('customers', CreateCustomerRequestSchema, createCustomer))
    .post('/time-activities', action('time-activities', CreateTimeActivityRequestSchema, createTimeActivity))
    .post('/sales-documents', action('sales-documents', CreateSalesDocumentRequestSchema, createSalesDocument));
}
