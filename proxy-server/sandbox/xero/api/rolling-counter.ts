/** Counts events in a rolling window using fixed-size buckets, so memory stays bounded at any call volume. */
export interface RollingCounter {
  add(now: number): void;
  count(now: number): number;
  /** Milliseconds until the oldest counted event leaves the window. */
  msUntilOldestExpires(now: number): number;
  clear(): void;
}

export function createRollingCounter(windowMs: number, bucketMs: number): RollingCounter {
  // Insertion order is ascending bucket index because sandbox time never goes backwards.
  const buckets = new Map<number, number>();
  let total = 0;
  const prune = (now: number) => {
    const oldestLive = Math.floor((now - windowMs) / bucketMs) + 1;
    for (const [index, count] of buckets) {
      if (index >= oldestLive) break;
      buckets.delete(index);
      total -= count;
    }
  };
  return {
    add(now) {
      prune(now);
      const index = Math.floor(now / bucketMs);
      buckets.set(index, (buckets.get(index) ?? 0) + 1);
      total += 1;
    },
    count(now) {
      prune(now);
      return total;
    },
    msUntilOldestExpires(now) {
      prune(now);
      const oldest = buckets.keys().next();
      if (oldest.done) return 0;
      return Math.max(0, (oldest.value + 1) * bucketMs + windowMs - now);
    },
    clear() {
      buckets.clear();
      total = 0;
    },
  };
}
