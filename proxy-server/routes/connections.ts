import { Hono } from 'hono';
import { z } from 'zod';
import { PROVIDER_LABEL } from '../../lib/model';
import { AuthorizeRequestSchema } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import type { AppDeps, AppEnv } from '../http/app-env';
import { jsonBody, paramsOf } from '../http/validate';
import { randomToken } from '../security/secrets';
import { publicConnection } from '../store/connections';
import { removeConnection } from '../connections/remove-connection';

const IdParams = z.object({ id: z.string().min(1).max(100) });

export function connectionsRoutes(deps: AppDeps) {
  const { store } = deps;

  async function connectionOf(workspaceId: string, id: string) {
    const connection = await store.connections.get(workspaceId, id);
    if (!connection) throw new HttpError(404, 'not_found', 'No such connection.');
    return connection;
  }

  return (
    new Hono<AppEnv>()
      .get('/', async (c) => {
        const list = await store.connections.list(c.get('seat').workspaceId);
        return c.json({ connections: list.map(publicConnection) });
      })

      // The seat opens authorizeUrl in a tab; the provider sends the browser to /oauth/:provider/callback.
      .post('/authorize', async (c) => {
        const { provider, connectionId } = await jsonBody(c, AuthorizeRequestSchema);
        const client = deps.providers[provider];
        if (!client) {
          throw new HttpError(400, 'provider_not_configured', `${PROVIDER_LABEL[provider]} is not configured on this proxy.`);
        }
        const seat = c.get('seat');
        if (connectionId !== undefined) {
          const existing = await connectionOf(seat.workspaceId, connectionId);
          if (existing.provider !== provider) {
            throw new HttpError(400, 'invalid_request', `That connection is to ${PROVIDER_LABEL[existing.provider]}, not ${PROVIDER_LABEL[provider]}.`);
          }
        }
        const state = randomToken('', 32);
        const expiresAt = await store.oauthStates.create(
          state,
          { workspaceId: seat.workspaceId, seatId: seat.id, provider, connectionId: connectionId ?? null },
          deps.clock.now(),
        );
        return c.json({ authorizeUrl: client.authorizeUrl(state), expiresAt });
      })

      .post('/:id/sync', async (c) => {
        const { id } = paramsOf(c, IdParams);
        const connection = await connectionOf(c.get('seat').workspaceId, id);
        if (connection.status === 'reconnect_required') {
          throw new HttpError(409, 'conflict', `${PROVIDER_LABEL[connection.provider]} needs reconnecting before it can sync.`);
        }
        if (deps.sync.acceptsManual(id)) {
          await store.connections.setStatus(id, { status: 'syncing', progress: { entity: 'customer', done: 0, total: null } });
          deps.sync.start(id);
        }
        return c.json({ connection: publicConnection(await connectionOf(c.get('seat').workspaceId, id)) }, 202);
      })

      // Reset, as Keap's: the link stays, the mirror and checkpoints go, and a fresh import starts from now.
      .post('/:id/reset', async (c) => {
        const { id } = paramsOf(c, IdParams);
        const workspaceId = c.get('seat').workspaceId;
        const connection = await connectionOf(workspaceId, id);
        if (connection.status === 'reconnect_required') {
          throw new HttpError(409, 'conflict', `${PROVIDER_LABEL[connection.provider]} needs reconnecting before it can be reset.`);
        }
        await deps.sync.cancel(id);
        await store.connections.resetWithTombstones(id, deps.clock.now());
        deps.sync.start(id, 'initial');
        return c.json({ connection: publicConnection(await connectionOf(workspaceId, id)) }, 202);
      })

      // End access at the provider (best effort; one organisation of a shared Xero grant, or the whole grant), then
      // delete tokens, mirror and links; the feed tells every seat to delete.
      .delete('/:id', async (c) => {
        const { id } = paramsOf(c, IdParams);
        const connection = await connectionOf(c.get('seat').workspaceId, id);
        await removeConnection(deps, connection, { atProvider: true });
        return c.body(null, 204);
      })
  );
}
