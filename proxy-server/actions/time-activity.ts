import type { Seat } from '../../lib/model';
import type { z } from 'zod';
import type { CreateTimeActivityRequestSchema } from '../../lib/proxy-api';
import type { ActionResult } from './action-errors';
import { requireWrite, resolveConnection, type ActionDeps } from './connection-auth';
import type { ActionContext } from './idempotency';

type Request = z.infer<typeof CreateTimeActivityRequestSchema>;

/** POST /v1/actions/time-activities (QBO; Xero's Accounting API has no time tracking → 422 not_supported). */
export async function createTimeActivity(deps: ActionDeps, seat: Seat, request: Request, ctx: ActionContext): Promise<ActionResult> {
  const resolved = await resolveConnection(deps, seat.workspaceId, request.connectionId);
  const create = requireWrite(resolved, 'createTimeActivity', 'time tracking (its accounting API has no time activities)');
  const { connectionId: _connectionId, ...draft } = request;
  await ctx.beforeProviderWrite();
  const timeActivity = await create(resolved.auth, draft, { idempotencyKey: ctx.providerKey });
  return { status: 201, body: { timeActivity } };
}
