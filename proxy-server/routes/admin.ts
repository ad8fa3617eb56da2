import { Hono } from 'hono';
import { HttpError } from '../errors';
import type { AppDeps, AppEnv } from '../http/app-env';
import { bearerToken } from '../http/seat-auth';
import { safeEqual } from '../security/secrets';

/** POST /admin/pairing-codes → {code, expiresAt}; authorized by the admin token in the data dir (npm run pair). */
export function adminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/pairing-codes', async (c) => {
    const token = bearerToken(c.req.header('authorization'));
    if (!deps.adminToken || !token || !safeEqual(token, deps.adminToken)) {
      throw new HttpError(401, 'unauthorized', 'The admin token is missing or wrong.');
    }
    const issued = await deps.store.pairingCodes.issue(deps.workspaceId, deps.clock.now());
    return c.json(issued, 201);
  });
}
