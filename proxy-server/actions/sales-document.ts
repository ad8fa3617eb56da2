import type { Seat } from '../../lib/model';
import type { z } from 'zod';
import type { CreateSalesDocumentRequestSchema } from '../../lib/proxy-api';
import type { ActionResult } from './action-errors';
import { requireWrite, resolveConnection, type ActionDeps } from './connection-auth';
import type { ActionContext } from './idempotency';

type Request = z.infer<typeof CreateSalesDocumentRequestSchema>;

/**
 * POST /v1/actions/sales-documents: QBO Invoice/Estimate (Xero Invoice/Quote) from item lines, tax per the provider's
 * rules (qbo/map-sales-document.ts), into the mirror at once, then emailed when asked. A failed send fails the
 * action (5xx, retryable): the retry replays the create at the provider and sends again under its own stable key.
 */
export async function createSalesDocument(deps: ActionDeps, seat: Seat, request: Request, ctx: ActionContext): Promise<ActionResult> {
  const resolved = await resolveConnection(deps, seat.workspaceId, request.connectionId);
  const what = request.kind === 'invoice' ? 'invoices' : 'estimates';
  const create = requireWrite(resolved, 'createSalesDocument', `creating ${what}`);
  const send = request.send ? requireWrite(resolved, 'sendSalesDocument', `sending ${what}`) : null;
  await ctx.beforeProviderWrite();
  const created = await create(
    resolved.auth,
    { kind: request.kind, customerId: request.customerId, issueDate: request.issueDate, dueDate: request.dueDate, lines: request.lines },
    { idempotencyKey: ctx.providerKey },
  );
  const record = created.kind === 'invoice' ? created.invoice : created.estimate;
  await deps.store.mirror.upsertRecords(resolved.scope, created.kind, [record], deps.clock.now());
  if (send) await send(resolved.auth, created.kind, record.id, { idempotencyKey: ctx.providerKey });
  return { status: 201, body: created.kind === 'invoice' ? { invoice: created.invoice } : { estimate: created.estimate } };
}
