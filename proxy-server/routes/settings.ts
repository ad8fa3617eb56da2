import { Hono } from 'hono';
import { z } from 'zod';
import { ConnectionSettingsSchema, type ConnectionSettings } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import type { AppDeps, AppEnv } from '../http/app-env';
import { jsonBody, paramsOf } from '../http/validate';
import { TRANSACTION_ENTITIES, type SyncEntity } from '../providers/provider-client';

const IdParams = z.object({ id: z.string().min(1).max(100) });

/**
 * GET/PUT /v1/connections/:id/settings — per-company sync settings (issue 4 §4). A change that alters what is
 * mirrored triggers the re-import it needs: a new historicalFrom re-imports the transactions under the new filter
 * (older ones become tombstones), turning vendors on imports them, turning them off tombstones them, and switching
 * "require email" re-imports the customers (the sync then drops or brings back the ones without an email).
 */
export function settingsRoutes(deps: AppDeps) {
  const { store } = deps;
  async function connectionOf(workspaceId: string, id: string) {
    const connection = await store.connections.get(workspaceId, id);
    if (!connection) throw new HttpError(404, 'not_found', 'No such connection.');
    return connection;
  }
  return new Hono<AppEnv>()
    .get('/:id/settings', async (c) => {
      const { id } = paramsOf(c, IdParams);
      await connectionOf(c.get('seat').workspaceId, id);
      return c.json({ settings: await store.syncState.getSettings(id) });
    })
    .put('/:id/settings', async (c) => {
      const { id } = paramsOf(c, IdParams);
      const connection = await connectionOf(c.get('seat').workspaceId, id);
      const next: ConnectionSettings = await jsonBody(c, ConnectionSettingsSchema);
      const before = await store.syncState.getSettings(id);
      await store.syncState.putSettings(id, next, deps.clock.now());
      const reimport: SyncEntity[] = [];
      const entities = deps.providers[connection.provider]?.sync?.entities ?? [];
      if (before.historicalFrom !== next.historicalFrom) reimport.push(...entities.filter((e) => TRANSACTION_ENTITIES.has(e)));
      // Require email on: customers without one leave the mirror; off: they come back. Both need every customer read.
      if (before.requireEmail !== next.requireEmail && entities.includes('customer')) reimport.push('customer');
      // Vendors on/off needs no progress bookkeeping here: each run aligns the mirrored entities with the settings.
      if (reimport.length > 0) await store.syncState.requestImport(id, reimport, deps.clock.now());
      if ((reimport.length > 0 || before.importVendors !== next.importVendors) && connection.status !== 'reconnect_required') {
        deps.sync.start(id, 'manual');
      }
      return c.json({ settings: next });
    });
}
