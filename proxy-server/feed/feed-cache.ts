import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/**
 * Serialized feed pages, kept once per (workspace, generation, after-seq, limit) as JSON bytes and gzip bytes.
 *
 * Why: every seat of a workspace pages the same feed from the same cursors with the same limit (the extension asks
 * for pages of 500), so the proxy was reading, decoding and stringifying the same ≈ 390 KiB page once per seat
 * (≈ 35 ms of CPU each on PGlite; issue 7's P6). A page is a pure function of the workspace's mirror, so it is
 * built once and served as bytes until the mirror changes.
 *
 * Invalidation: a workspace's generation is bumped by `invalidate` (routes/feed.ts calls it on every `feed` event
 * of the event bus, which hears commits of this process and, on PostgreSQL, of the others via LISTEN/NOTIFY).
 * Entries are keyed by the generation read BEFORE the page was queried, so a page built from a read that raced a
 * commit can only be served until that commit's event arrives; a seat that heard the event asks afterwards and
 * gets a fresh page. A stale page is never wrong for the feed's cursor protocol either: it is the feed as of an
 * earlier moment, and the changed records come back later with higher seqs.
 *
 * Bounded by bytes (JSON + gzip), least recently used evicted first. Concurrent misses of one key share one build.
 */
export interface CachedPage {
  json: Uint8Array<ArrayBuffer>;
  gzip: Uint8Array<ArrayBuffer>;
  /** Strong validator of the JSON bytes (quoted, as sent in ETag). */
  etag: string;
}

export interface FeedCacheStats {
  hits: number;
  misses: number;
  /** Misses that joined a build already running for the same key. */
  joined: number;
  evictions: number;
  entries: number;
  bytes: number;
}

export interface FeedCache {
  /** The cached page, or builds it with `build` (the page's JSON text) — at most one build per key at a time. */
  page(workspaceId: string, afterSeq: bigint, limit: number, build: () => Promise<string>): Promise<CachedPage>;
  /** The workspace's mirror changed: its pages built so far are never served again. */
  invalidate(workspaceId: string): void;
  /** Events may have been missed (the bus reconnected): no page built so far is served again. */
  invalidateAll(): void;
  generation(workspaceId: string): number;
  stats(): FeedCacheStats;
  clear(): void;
}

export const DEFAULT_FEED_CACHE_BYTES = 64 * 2 ** 20;

export async function encodePage(json: string): Promise<CachedPage> {
  const bytes = new TextEncoder().encode(json);
  // zlib's async gzip runs on the libuv pool, off the event loop; level 6 is zlib's default balance.
  const zipped = new Uint8Array(await gzip(bytes));
  return { json: bytes, gzip: zipped, etag: `"${createHash('sha1').update(bytes).digest('base64url')}"` };
}

export function createFeedCache(options: { maxBytes?: number } = {}): FeedCache {
  const maxBytes = options.maxBytes ?? DEFAULT_FEED_CACHE_BYTES;
  const generations = new Map<string, number>();
  /** Insertion order = recency (a hit re-inserts): the first key is the least recently used. */
  const entries = new Map<string, { workspaceId: string; page: CachedPage; size: number }>();
  const building = new Map<string, Promise<CachedPage>>();
  const counters = { hits: 0, misses: 0, joined: 0, evictions: 0 };
  let bytes = 0;
  /** Bumped by invalidateAll: part of every key, so builds in flight before it are not kept either. */
  let epoch = 0;

  const generationOf = (workspaceId: string) => generations.get(workspaceId) ?? 0;
  const keyOf = (workspaceId: string, generation: number, afterSeq: bigint, limit: number) =>
    `${epoch}\u0000${workspaceId}\u0000${generation}\u0000${afterSeq}\u0000${limit}`;

  function drop(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.size;
  }

  function store(key: string, workspaceId: string, generation: number, builtInEpoch: number, page: CachedPage): void {
    const size = page.json.length + page.gzip.length;
    // Too big to keep, or built from a generation that has since been replaced: serve it, do not keep it.
    if (size > maxBytes || generation !== generationOf(workspaceId) || builtInEpoch !== epoch) return;
    drop(key);
    entries.set(key, { workspaceId, page, size });
    bytes += size;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      drop(oldest);
      counters.evictions += 1;
    }
  }

  return {
    async page(workspaceId, afterSeq, limit, build) {
      const generation = generationOf(workspaceId);
      const builtInEpoch = epoch;
      const key = keyOf(workspaceId, generation, afterSeq, limit);
      const hit = entries.get(key);
      if (hit) {
        counters.hits += 1;
        entries.delete(key);
        entries.set(key, hit);
        return hit.page;
      }
      const pending = building.get(key);
      if (pending) {
        counters.joined += 1;
        return pending;
      }
      counters.misses += 1;
      const built = (async () => encodePage(await build()))();
      building.set(key, built);
      try {
        const page = await built;
        store(key, workspaceId, generation, builtInEpoch, page);
        return page;
      } finally {
        building.delete(key);
      }
    },
    invalidate(workspaceId) {
      generations.set(workspaceId, generationOf(workspaceId) + 1);
      for (const [key, entry] of entries) if (entry.workspaceId === workspaceId) drop(key);
    },
    invalidateAll() {
      epoch += 1;
      entries.clear();
      bytes = 0;
    },
    generation: generationOf,
    stats: () => ({ ...counters, entries: entries.size, bytes }),
    clear() {
      entries.clear();
      bytes = 0;
    },
  };
}

/** Whether an Accept-Encoding header admits gzip (RFC 9110 §12.5.3: `gzip` or `*`, with q > 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzipQ: number | undefined;
  let anyQ: number | undefined;
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const value = Number.isFinite(q) ? q : 0;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') gzipQ = value;
    else if (name.trim() === '*') anyQ = value;
  }
  return (gzipQ ?? anyQ ?? 0) > 0;
}
