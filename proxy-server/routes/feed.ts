import { Hono } from 'hono';
import { FeedQuerySchema } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import type { AppDeps, AppEnv } from '../http/app-env';
import { queryOf } from '../http/validate';

/** The cursor is opaque to seats; today it carries the last seq delivered. Versioned so it can change shape. */
export function encodeCursor(seq: bigint): string {
  return Buffer.from(`v1:${seq.toString()}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): bigint {
  if (cursor === undefined || cursor === '') return 0n;
  const decoded = /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const match = /^v1:(\d{1,19})$/.exec(decoded);
  if (!match?.[1]) throw new HttpError(400, 'invalid_cursor', 'The feed cursor is not valid; start again without one.');
  return BigInt(match[1]);
}

/** GET /v1/feed?cursor=&limit= → {items, cursor, hasMore}, ordered by seq. */
export function feedRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/feed', async (c) => {
    const query = queryOf(c, FeedQuerySchema);
    const after = decodeCursor(query.cursor);
    const page = await deps.store.mirror.feed(c.get('seat').workspaceId, after, query.limit);
    return c.json({ items: page.items, cursor: encodeCursor(page.lastSeq ?? after), hasMore: page.hasMore });
  });
}
