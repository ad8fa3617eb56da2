import type { Context } from 'hono';
import { formatQboResponseTime } from './qbo-time.js';

/** JSON as QBO sends it: `application/json;charset=utf-8` (recorded/INDEX.tsv content types). */
export function qboJson(c: Context, body: unknown, status: 200 | 400 | 401 | 403 | 404 | 429 | 500 | 503 = 200): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/json;charset=utf-8' });
}

/** Wraps an entity in QBO's read envelope: `{"Customer":{…},"time":…}` (get__id__0.json). */
export function entityEnvelope(entity: string, json: Record<string, unknown>, now: number): Record<string, unknown> {
  return { [entity]: json, time: formatQboResponseTime(now) };
}
