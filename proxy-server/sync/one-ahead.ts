/**
 * Maps an async sequence, working one item ahead: while the consumer handles item N, item N+1 is already being
 * read and prepared. A full import prepares (hashes, serializes) the next provider page on the main thread while the
 * store writes the previous one on another (PGlite's worker thread, or PostgreSQL): issue 7's P3. Items are still
 * yielded in order, one at a time, so whatever the consumer does per item (write, store the resume position) stays
 * in order.
 *
 * `isLast(item)`: nothing is read after it (a provider's last page says so), as a for-await over the source would
 * not read past it either.
 */
export async function* oneAhead<T, U>(
  source: AsyncIterable<T>,
  prepare: (item: T) => Promise<U>,
  isLast: (item: T) => boolean = () => false,
): AsyncGenerator<{ item: T; prepared: U }> {
  const iterator = source[Symbol.asyncIterator]();
  const readNext = async (): Promise<{ item: T; prepared: U } | null> => {
    const next = await iterator.next();
    return next.done ? null : { item: next.value, prepared: await prepare(next.value) };
  };
  try {
    let current = await readNext();
    while (current) {
      const upcoming = isLast(current.item) ? Promise.resolve(null) : readNext();
      // Observed at once: if the consumer stops first, a failed read ahead must not become an unhandled rejection.
      upcoming.catch(() => undefined);
      yield current;
      current = await upcoming;
    }
  } finally {
    // A consumer that stops early (abort, a failed write, a hook that throws) stops the source too (its read-ahead);
    // an async generator queues this behind a read still pending.
    await iterator.return?.();
  }
}
