import { Hono } from 'hono';
import { PairRequestSchema } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import type { AppDeps, AppEnv } from '../http/app-env';
import { createRateLimiter } from '../http/rate-limit';
import { jsonBody } from '../http/validate';
import { SEAT_TOKEN_PREFIX, randomToken, sha256Hex } from '../security/secrets';

/** POST /v1/pair {code, name} → {token, seat}: trades a one-time pairing code for a seat token. */
export function pairRoutes(deps: AppDeps) {
  const attempts = createRateLimiter({ limit: 10, windowMs: 60_000, now: () => deps.clock.now() });
  return new Hono<AppEnv>().post('/pair', async (c) => {
    const client = deps.clientAddress?.(c) ?? 'local';
    if (!attempts.hit(client)) throw new HttpError(429, 'rate_limited', 'Too many pairing attempts; wait a minute.');
    const body = await jsonBody(c, PairRequestSchema);
    const now = deps.clock.now();
    const token = randomToken(SEAT_TOKEN_PREFIX);
    const workspaceId = await deps.store.db.transaction((tx) => deps.store.pairingCodes.redeem(tx, body.code, now));
    if (!workspaceId) {
      throw new HttpError(400, 'invalid_pairing_code', 'That pairing code is unknown, expired or already used. Ask for a new one.');
    }
    const seat = await deps.store.seats.create({ workspaceId, name: body.name, tokenHash: sha256Hex(token), now });
    return c.json({ token, seat }, 201);
  });
}
