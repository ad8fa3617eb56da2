import { Hono } from 'hono';
import { SkippedRecordsQuerySchema, SyncRunsQuerySchema } from '../../lib/proxy-api';
import type { AppDeps, AppEnv } from '../http/app-env';
import { queryOf } from '../http/validate';

/**
 * The sync log any seat of the workspace can read (options page): GET /v1/sync-runs?connectionId=&limit= and
 * GET /v1/skipped-records?connectionId=&reason=&limit=. An unknown connectionId simply lists nothing.
 */
export function syncLogRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/sync-runs', async (c) => {
      const query = queryOf(c, SyncRunsQuerySchema);
      return c.json({ runs: await deps.store.syncLog.listRuns(c.get('seat').workspaceId, query) });
    })
    .get('/skipped-records', async (c) => {
      const query = queryOf(c, SkippedRecordsQuerySchema);
      return c.json({ records: await deps.store.syncLog.listSkipped(c.get('seat').workspaceId, query) });
    });
}
