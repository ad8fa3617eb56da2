import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';

/** GET /v1/me → {seat}: lets the extension check its token and show who it is. */
export function meRoutes() {
  return new Hono<AppEnv>().get('/me', (c) => c.json({ seat: c.get('seat') }));
}
