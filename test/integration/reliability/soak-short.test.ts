import { describe, expect, it } from 'vitest';
import { growth, runSoak } from '../../../bench/lib/soak';

/**
 * Issue 7, reliability item 8, the asserted short twin of the ten-minute soak (bench/soak.ts → docs/bench/soak.md):
 * the same scenario (bench/lib/soak.ts) for 30 s. Sandbox, proxy (PGlite) and 50 seats over real HTTP on loopback;
 * each seat caught up first, then pulling the feed by cursor on every `feed` server-sent event (or its 1 s poll)
 * while a sandbox change every second sends a signed webhook the proxy turns into feed records.
 *
 * Asserted: no error of any kind (no non-200 feed or events answer, no failed request, no webhook refused, no failed
 * sync run, no event stream dropped without being reopened); every seat reaches the feed's latest cursor on its own
 * once the changes stop, and holds exactly the proxy's mirror, record by record; heap bounded.
 *
 * The heap bound is deliberately loose: heapUsed after a forced GC (gc() obtained at run time, see gcFunction; if it
 * is unavailable the samples are taken as they come and the bound still holds by its margin), median of the first
 * vs the last third of the samples. Thirty seconds cannot prove "flat" — the ten-minute soak records that curve —
 * but it catches a leak per request or per event: ~1,500 feed requests and ~1,500 events in the window, so a retained
 * 10 KiB each would add ~30 MiB. The margin (×1.5 and +24 MiB) absorbs V8's page-level noise, JIT code and the load
 * from other processes on this shared machine, where the run itself measured a growth of a few MiB.
 */
describe('soak, short (issue 7, item 8)', () => {
  it('50 seats pulling the feed and listening to events while webhooks arrive: no error, all equal to the mirror, heap bounded', async () => {
    const result = await runSoak({
      durationMs: 30_000,
      sampleMs: 2_000,
      seats: 50,
      customers: 100,
      settleTimeoutMs: 60_000,
      log: (line) => console.info(`soak-short: ${line}`),
    });
    const g = growth(result.samples, 3);
    console.info(
      `item 8 (short): ${result.seats} seats, 30 s, ${result.feedRequests} feed requests, ${result.changes} changes, ` +
        `${result.webhooksReceived} webhooks, ${result.sseEvents} feed events, streams dropped ${result.sseDrops} / reopened ${result.sseReconnects}, ` +
        `errors ${result.errors.length}, caught up ${result.seatsCaughtUp}/${result.seats}, equal to the mirror (${result.mirrorRecords} records) ` +
        `${result.seatsMatchingMirror}/${result.seats}, heap ${g.heapFirst} → ${g.heapLast} MiB (first vs last third, GC forced: ${result.gcForced})`,
    );

    expect(result.errors).toEqual([]);
    expect(result.syncRuns.failed).toBe(0);
    expect(result.sseDrops).toBe(result.sseReconnects);
    // The load happened: changes were made, their webhooks arrived, the seats were told and pulled.
    expect(result.changes).toBeGreaterThanOrEqual(10);
    expect(result.webhooksReceived).toBeGreaterThanOrEqual(10);
    expect(result.sseEvents).toBeGreaterThanOrEqual(result.seats);
    expect(result.feedRequests).toBeGreaterThan(result.seats * 5);
    expect(result.mirrorRecords).toBeGreaterThan(100);
    expect(result.seatsCaughtUp).toBe(result.seats);
    expect(result.seatsMatchingMirror).toBe(result.seats);
    expect(result.samples.length).toBeGreaterThanOrEqual(7);
    expect(g.heapLast).toBeLessThanOrEqual(g.heapFirst * 1.5 + 24);
  }, 240_000);
});
