import { describe, expect, it } from 'vitest';
import { oneAhead } from '../../../proxy-server/sync/one-ahead';

/** A source that logs what happens to it: which items were read, and whether it was told to stop. */
function loggingSource(items: number[], options: { failAt?: number } = {}) {
  const log: string[] = [];
  async function* source() {
    try {
      for (const item of items) {
        if (item === options.failAt) throw new Error(`read ${item} failed`);
        log.push(`read ${item}`);
        yield item;
      }
    } finally {
      log.push('source closed');
    }
  }
  return { log, source: source() };
}

describe('oneAhead (full import: the next page prepared while this one is written)', () => {
  it('yields every item once, in order, with what prepare made of it', async () => {
    const { source } = loggingSource([1, 2, 3, 4]);
    const seen: [number, string][] = [];
    for await (const { item, prepared } of oneAhead(source, async (n) => `#${n}`)) seen.push([item, prepared]);
    expect(seen).toEqual([[1, '#1'], [2, '#2'], [3, '#3'], [4, '#4']]);
  });

  it('prepares item N+1 while the consumer is still busy with item N', async () => {
    const { log, source } = loggingSource([1, 2, 3]);
    const prepare = async (n: number) => {
      log.push(`prepare ${n}`);
      return n;
    };
    for await (const { item } of oneAhead(source, prepare)) {
      // The consumer's own (slow) work for this item, e.g. the store writing the page.
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push(`write ${item}`);
    }
    expect(log.indexOf('prepare 2')).toBeLessThan(log.indexOf('write 1'));
    expect(log.indexOf('prepare 3')).toBeLessThan(log.indexOf('write 2'));
    expect(log.filter((l) => l.startsWith('write'))).toEqual(['write 1', 'write 2', 'write 3']);
  });

  it('reads nothing past an item that says it is the last', async () => {
    const { log, source } = loggingSource([1, 2, 3, 4]);
    const seen: number[] = [];
    for await (const { item } of oneAhead(source, async (n) => n, (n) => n === 2)) seen.push(item);
    expect(seen).toEqual([1, 2]);
    expect(log).toEqual(['read 1', 'read 2', 'source closed']);
  });

  it('closes the source when the consumer stops early, and a failed read ahead surfaces as no unhandled rejection', async () => {
    const { log, source } = loggingSource([1, 2, 3], { failAt: 2 });
    await expect(
      (async () => {
        for await (const { item } of oneAhead(source, async (n) => n)) {
          if (item === 1) throw new Error('write 1 failed');
        }
      })(),
    ).rejects.toThrow('write 1 failed');
    expect(log).toEqual(['read 1', 'source closed']);
  });

  it('hands the consumer every item before a later read fails, then the failure', async () => {
    const { source } = loggingSource([1, 2, 3], { failAt: 3 });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const { item } of oneAhead(source, async (n) => n)) seen.push(item);
      })(),
    ).rejects.toThrow('read 3 failed');
    expect(seen).toEqual([1, 2]);
  });
});
