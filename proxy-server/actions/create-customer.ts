import { PROVIDER_LABEL, type Customer, type Seat } from '../../lib/model';
import type { z } from 'zod';
import type { CreateCustomerRequestSchema } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import type { ApiAuth } from '../providers/provider-client';
import type { CustomerDraft, ProviderWrites } from '../providers/provider-writes';
import type { ActionResult } from './action-errors';
import { requireWrite, resolveConnection, type ActionDeps } from './connection-auth';
import { customerDraft } from './customer-draft';
import type { ActionContext } from './idempotency';
import { sameName, searchToken } from './name-normalizer';

type Request = z.infer<typeof CreateCustomerRequestSchema>;

/**
 * Customers that already are this one: by each email first (the strongest signal), else by normalized name (display
 * and company name). Asked of the provider, not the mirror: a customer created a second ago by another seat or in
 * the provider's own UI is not in the mirror yet, and this check exists to stop exactly that duplicate.
 */
export async function findExisting(find: ProviderWrites['findCustomers'], auth: ApiAuth, draft: CustomerDraft): Promise<Customer[]> {
  const found = new Map<string, Customer>();
  for (const email of draft.emails) {
    for (const c of await find(auth, { email })) found.set(c.id, c);
  }
  if (found.size > 0) return [...found.values()];
  const names = [...new Set([draft.displayName, draft.companyName].filter((n): n is string => Boolean(n)))];
  for (const name of names) {
    const token = searchToken(name);
    if (!token) continue;
    for (const c of await find(auth, { nameToken: token })) {
      if (sameName(c.displayName, name) || (c.companyName !== null && sameName(c.companyName, name))) found.set(c.id, c);
    }
  }
  return [...found.values()];
}

/** POST /v1/actions/customers: search, then create with the provider's idempotency key, then into the mirror. */
export async function createCustomer(deps: ActionDeps, seat: Seat, request: Request, ctx: ActionContext): Promise<ActionResult> {
  const resolved = await resolveConnection(deps, seat.workspaceId, request.connectionId);
  const create = requireWrite(resolved, 'createCustomer', 'creating customers');
  const draft = customerDraft(request.customer);
  const label = PROVIDER_LABEL[resolved.connection.provider];
  // A resumed attempt may have created the customer already: searching would now find it and answer 409; the
  // provider call below replays that creation instead (same requestid / Idempotency-Key).
  if (!request.force && !ctx.resumed) {
    const candidates = await findExisting(requireWrite(resolved, 'findCustomers', 'customer search'), resolved.auth, draft);
    if (candidates.length > 0) {
      const names = candidates.slice(0, 3).map((c) => `"${c.displayName}"`).join(', ');
      throw new HttpError(
        409,
        'customer_exists',
        `${label} already has ${candidates.length === 1 ? 'a matching customer' : `${candidates.length} matching customers`} (${names}). Link it instead, or create anyway.`,
        { candidates },
      );
    }
  }
  await ctx.beforeProviderWrite();
  const customer = await create(resolved.auth, draft, { idempotencyKey: ctx.providerKey });
  // Into the mirror now, so every seat sees it through the feed without waiting for the next sync.
  await deps.store.mirror.upsertRecords(resolved.scope, 'customer', [customer], deps.clock.now());
  return { status: 201, body: { customer } };
}
