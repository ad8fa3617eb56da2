import { Hono } from 'hono';
import { z } from 'zod';
import { PutLinkRequestSchema } from '../../lib/proxy-api';
import type { ActionDeps } from '../actions/connection-auth';
import { putLink } from '../actions/links-service';
import type { AppEnv } from '../http/app-env';
import { jsonBody, queryOf } from '../http/validate';

const DeleteLinkQuerySchema = z.object({ recordKey: z.string().min(1).max(500) });

/**
 * Links shared by the workspace: PUT /v1/links {recordKey, customerKey} → {link}; GET /v1/links → {links};
 * DELETE /v1/links?recordKey= → 204 (also when there was none: unlinking twice is not an error).
 */
export function linksRoutes(deps: ActionDeps) {
  return new Hono<AppEnv>()
    .put('/', async (c) => {
      const body = await jsonBody(c, PutLinkRequestSchema);
      return c.json({ link: await putLink(deps, c.get('seat'), body) });
    })
    .get('/', async (c) => c.json({ links: await deps.store.links.list(c.get('seat').workspaceId) }))
    .delete('/', async (c) => {
      const { recordKey } = queryOf(c, DeleteLinkQuerySchema);
      await deps.store.links.remove(c.get('seat').workspaceId, recordKey, deps.clock.now());
      return c.body(null, 204);
    });
}
