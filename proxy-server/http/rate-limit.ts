/**
 * A small in-process fixed-window counter: enough to make guessing pairing codes over HTTP hopeless
 * (31^8 codes, a handful of tries a minute) and to stop one runaway seat from starving the others.
 * Behind several processes each keeps its own window (the limit is per process, which only ever loosens it).
 */
export function createRateLimiter(options: { limit: number; windowMs: number; now: () => number }) {
  const windows = new Map<string, { start: number; count: number }>();
  const limiter = {
    /** Counts one attempt for key; `retryAfterSeconds` says when the window reopens once the key is over. */
    take(key: string): { ok: boolean; retryAfterSeconds: number } {
      const now = options.now();
      if (windows.size > 10_000) windows.clear(); // bounded memory under a flood of distinct keys
      const w = windows.get(key);
      if (!w || now - w.start >= options.windowMs) {
        windows.set(key, { start: now, count: 1 });
        return { ok: true, retryAfterSeconds: 0 };
      }
      w.count += 1;
      const ok = w.count <= options.limit;
      return { ok, retryAfterSeconds: ok ? 0 : Math.max(1, Math.ceil((w.start + options.windowMs - now) / 1000)) };
    },
    /** Counts one attempt for key; false when the key is over its limit. */
    hit(key: string): boolean {
      return limiter.take(key).ok;
    },
  };
  return limiter;
}
