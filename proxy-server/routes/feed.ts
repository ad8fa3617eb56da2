import { Hono } from 'hono';
import { FeedQuerySchema } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import { acceptsGzip, createFeedCache, type CachedPage, type FeedCache } from '../feed/feed-cache';
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

/**
 * GET /v1/feed?cursor=&limit= → {items, cursor, hasMore}, ordered by seq.
 *
 * Pages are served from a cache of serialized and gzipped bodies (feed/feed-cache.ts, issue 7's P6). Every bus event
 * reaches it uncoalesced (EventHub.subscribe): a `feed` event drops the workspace's pages, a `resync` (the
 * LISTEN/NOTIFY link was lost, events may be missing) drops every page. On the in-process bus the event is delivered
 * before the write that caused it returns, so a seat reads its own writes; on PostgreSQL other processes' commits
 * arrive by NOTIFY, before the SSE announcement that tells seats to pull. Without an event source nothing could
 * invalidate the cache, so pages are then built for every request.
 */
export function feedRoutes(deps: AppDeps, options: { cache?: FeedCache | false; cacheBytes?: number } = {}) {
  const subscribe = deps.events?.subscribe;
  const cache =
    subscribe && options.cache !== false
      ? (options.cache ?? createFeedCache(options.cacheBytes === undefined ? {} : { maxBytes: options.cacheBytes }))
      : null;
  if (cache && subscribe) {
    subscribe((event) => {
      if (event.type === 'feed') cache.invalidate(event.workspaceId);
      else if (event.type === 'resync') cache.invalidateAll();
    });
  }
  return new Hono<AppEnv>().get('/feed', async (c) => {
    const query = queryOf(c, FeedQuerySchema);
    const after = decodeCursor(query.cursor);
    const workspaceId = c.get('seat').workspaceId;
    const build = async () => {
      const page = await deps.store.mirror.feed(workspaceId, after, query.limit);
      return JSON.stringify({ items: page.items, cursor: encodeCursor(page.lastSeq ?? after), hasMore: page.hasMore });
    };
    if (!cache) return c.body(await build(), 200, { 'Content-Type': 'application/json' });
    const page: CachedPage = await cache.page(workspaceId, after, query.limit, build);
    // Accounting data: kept out of shared and on-disk HTTP caches; the ETag serves clients that ask explicitly.
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      ETag: page.etag,
      Vary: 'Accept-Encoding',
      'Cache-Control': 'private, no-store',
    };
    const ifNoneMatch = c.req.header('if-none-match');
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === page.etag)) return c.body(null, 304, headers);
    if (acceptsGzip(c.req.header('accept-encoding'))) {
      return c.body(page.gzip, 200, { ...headers, 'Content-Encoding': 'gzip' });
    }
    return c.body(page.json, 200, headers);
  });
}
