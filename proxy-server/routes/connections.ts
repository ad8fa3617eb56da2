import { Hono } from 'hono';
import { z } from 'zod';
import { PROVIDER_LABEL } from '../../lib/model';
import { AuthorizeRequestSchema } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import type { AppDeps, AppEnv } from '../http/app-env';
import { jsonBody, paramsOf } from '../http/validate';
import { randomToken } from '../security/secrets';
import { publicConnection } from '../store/connections';

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
        const { provider } = await jsonBody(c, AuthorizeRequestSchema);
        const client = deps.providers[provider];
        if (!client) {
          throw new HttpError(400, 'provider_not_configured', `${PROVIDER_LABEL[provider]} is not configured on this proxy.`);
        }
        const seat = c.get('seat');
        const state = randomToken('', 32);
        const expiresAt = await store.oauthStates.create(
          state,
          { workspaceId: seat.workspaceId, seatId: seat.id, provider },
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
        if (!deps.sync.isRunning(id)) {
          await store.connections.setStatus(id, { status: 'syncing', progress: { entity: 'customer', done: 0, total: null } });
          deps.sync.start(id);
        }
        return c.json({ connection: publicConnection(await connectionOf(c.get('seat').workspaceId, id)) }, 202);
      })

      // Revoke at the provider (best effort), then delete tokens and mirror; the feed tells every seat to delete.
      .delete('/:id', async (c) => {
        const { id } = paramsOf(c, IdParams);
        const connection = await connectionOf(c.get('seat').workspaceId, id);
        await deps.sync.cancel(id);
        const client = deps.providers[connection.provider];
        const tokens = await deps.tokens.current(id).catch(() => null);
        if (client && tokens) {
          await client.revoke(tokens).catch((error: unknown) => {
            // The user asked to disconnect: a provider outage must not keep their data here.
            console.warn(`revoke ${id} failed: ${(error as Error)?.message}`);
          });
        }
        await store.connections.deleteWithTombstones(id, deps.clock.now());
        return c.body(null, 204);
      })
  );
}
