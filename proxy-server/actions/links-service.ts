import { PROVIDER_LABEL, ProviderSchema, type Link, type Seat } from '../../lib/model';
import { HttpError } from '../errors';
import { requireWrite, resolveConnection, type ActionDeps } from './connection-auth';

/** `${provider}:${companyId}:${id}` (lib/model recordKey); ids may themselves contain ':'. */
export function parseCustomerKey(customerKey: string): { provider: 'qbo' | 'xero'; companyId: string; id: string } | null {
  const [provider, companyId, ...rest] = customerKey.split(':');
  const id = rest.join(':');
  const parsed = ProviderSchema.safeParse(provider);
  if (!parsed.success || !companyId || !id) return null;
  return { provider: parsed.data, companyId, id };
}

/**
 * PUT /v1/links: the customer must exist and be active at the provider (asked, not the mirror: the mirror can lag),
 * through a connection of this workspace. The link replaces any earlier one of the record and reaches every seat
 * through the feed; the customer read on the way is refreshed in the mirror too.
 */
export async function putLink(deps: ActionDeps, seat: Seat, input: { recordKey: string; customerKey: string }): Promise<Link> {
  const key = parseCustomerKey(input.customerKey);
  if (!key) throw new HttpError(400, 'invalid_request', 'customerKey must look like "qbo:<realmId>:<customerId>" or "xero:<tenantId>:<contactId>".');
  const connection = (await deps.store.connections.list(seat.workspaceId)).find(
    (c) => c.provider === key.provider && c.companyId === key.companyId,
  );
  if (!connection) throw new HttpError(404, 'not_found', `No ${PROVIDER_LABEL[key.provider]} company with that id is connected to this workspace.`);
  const resolved = await resolveConnection(deps, seat.workspaceId, connection.id);
  const customer = await requireWrite(resolved, 'getCustomer', 'looking up customers')(resolved.auth, key.id);
  if (!customer || !customer.active) {
    throw new HttpError(
      422,
      'customer_not_found',
      customer
        ? `That ${PROVIDER_LABEL[key.provider]} customer is inactive; make it active there, or link another one.`
        : `${PROVIDER_LABEL[key.provider]} has no customer ${key.id} in ${connection.companyName}.`,
    );
  }
  await deps.store.mirror.upsertRecords(resolved.scope, 'customer', [customer], deps.clock.now());
  const link = await deps.store.links.put(
    seat.workspaceId,
    { recordKey: input.recordKey, customerKey: input.customerKey, connectionId: connection.id, createdBySeatId: seat.id },
    deps.clock.now(),
  );
  if (!link) throw new HttpError(404, 'not_found', 'That connection was removed while linking.');
  return link;
}
