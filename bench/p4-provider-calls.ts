import { DEFAULT_MANUAL_COOLDOWN_MS } from '../proxy-server/sync/sync-service';
import { round } from './lib/stats';
import {
  authed,
  connectProvider,
  createSeat,
  drainFeed,
  listConnections,
  sandboxCompany,
  startBenchProxy,
  startCountingSandbox,
  waitConnected,
  type RequestCounts,
} from './lib/stack';
import { judged, type Benchmark, type Figure } from './lib/types';

/**
 * P4: provider calls must not grow with seats (DESIGN.md "Why the mirror lives in the proxy"). The same scenario runs
 * twice in one run, against a fresh sandbox (same seed) and a fresh proxy: once with 1 seat, once with 50. Every
 * request that reaches the sandbox is counted by a wrapper around the sandbox app's fetch.
 *
 * Scenario: seat 1 connects QBO (consent + callback) → initial import → every seat pulls the whole feed → every seat
 * presses "sync now", the presses spread evenly over 2 s (a burst exactly at once would hide a missing debounce) →
 * every seat pulls the feed again. Before the presses the bench waits out the manual cool-down that follows the
 * import (proxy-server/sync/sync-service.ts, 30 s by default), so the first press starts a run in both scenarios:
 * what is compared is a burst of presses against one press, not presses against a cool-down.
 */
const SEATS = 50;
const CUSTOMERS = 2_000;
const PRESS_SPREAD_MS = 2_000;

interface PhaseCounts {
  api: number;
  oauth: number;
  syncRuns: number;
}

async function scenario(seats: number): Promise<{ connect: PhaseCounts; syncNow: PhaseCounts; byPath: Map<string, number> }> {
  const sandbox = await startCountingSandbox({ customers: CUSTOMERS });
  const stack = await startBenchProxy(sandbox.url);
  try {
    const url = stack.proxy.url;
    const tokens: string[] = [];
    for (let i = 0; i < seats; i += 1) tokens.push(await createSeat(stack.proxy, `Seat ${i + 1}`));
    const company = await sandboxCompany(sandbox.url, 'qbo');
    sandbox.resetCounts();
    const snapshot = (c: RequestCounts) => ({ api: c.api, oauth: c.oauth });

    await connectProvider(url, tokens[0] as string, 'qbo', company.id);
    const [connection] = await waitConnected(url, tokens[0] as string);
    await stack.proxy.sync.idle();
    await Promise.all(tokens.map((t) => drainFeed(url, t)));
    const afterConnect = snapshot(sandbox.counts);
    const runsAfterConnect = (await stack.proxy.store.syncLog.listRuns(await workspaceOf(stack.proxy), { limit: 200 })).length;
    await new Promise((r) => setTimeout(r, DEFAULT_MANUAL_COOLDOWN_MS + 1_000));

    await Promise.all(
      tokens.map(async (token, i) => {
        await new Promise((r) => setTimeout(r, (PRESS_SPREAD_MS * i) / Math.max(1, seats)));
        const response = await fetch(`${url}/v1/connections/${connection!.id}/sync`, authed(token, { method: 'POST' }));
        if (response.status !== 202) throw new Error(`sync now answered ${response.status}`);
        await response.arrayBuffer();
      }),
    );
    await stack.proxy.sync.idle();
    await waitConnected(url, tokens[0] as string);
    await Promise.all(tokens.map((t) => drainFeed(url, t)));
    const runs = (await stack.proxy.store.syncLog.listRuns(await workspaceOf(stack.proxy), { limit: 200 })).length;
    const end = snapshot(sandbox.counts);
    if ((await listConnections(url, tokens[0] as string)).length !== 1) throw new Error('expected one connection');
    return {
      connect: { ...afterConnect, syncRuns: runsAfterConnect },
      syncNow: { api: end.api - afterConnect.api, oauth: end.oauth - afterConnect.oauth, syncRuns: runs - runsAfterConnect },
      byPath: new Map(sandbox.counts.byPath),
    };
  } finally {
    await stack.close();
    await sandbox.close();
  }
}

async function workspaceOf(proxy: Awaited<ReturnType<typeof startBenchProxy>>['proxy']): Promise<string> {
  return (await proxy.store.workspaces.ensureDefault(Date.now())).id;
}

const bench: Benchmark = {
  id: 'p4',
  title: `${SEATS} seats syncing one company vs 1 seat (provider calls)`,
  target: 'provider calls ratio ≤ 1.05',
  command: 'npx tsx bench/run.ts p4',
  async run() {
    const one = await scenario(1);
    const many = await scenario(SEATS);
    const total = (s: typeof one) => s.connect.api + s.connect.oauth + s.syncNow.api + s.syncNow.oauth;
    const ratio = total(many) / total(one);
    const ratioConnect = (many.connect.api + many.connect.oauth) / (one.connect.api + one.connect.oauth);
    const ratioSyncNow = (many.syncNow.api + many.syncNow.oauth) / Math.max(1, one.syncNow.api + one.syncNow.oauth);
    const figures: Figure[] = [
      { name: `provider requests, ${SEATS} seats / 1 seat (whole scenario)`, value: round(ratio, 3), unit: '×', target: '≤ 1.05', ok: ratio <= 1.05 },
      { name: 'provider requests, 1 seat (API + OAuth)', value: total(one) },
      { name: `provider requests, ${SEATS} seats (API + OAuth)`, value: total(many) },
      { name: 'connect + import + every seat pulls: ratio', value: round(ratioConnect, 3), unit: '×' },
      { name: `connect + import: API calls 1 seat / ${SEATS} seats`, value: `${one.connect.api} / ${many.connect.api}` },
      { name: `"sync now" from every seat: ratio`, value: round(ratioSyncNow, 3), unit: '×' },
      { name: `"sync now": API calls 1 seat / ${SEATS} seats`, value: `${one.syncNow.api} / ${many.syncNow.api}` },
      { name: `"sync now": sync runs 1 seat / ${SEATS} seats`, value: `${one.syncNow.syncRuns} / ${many.syncNow.syncRuns}` },
    ];
    const paths = [...many.byPath.entries()].filter(([k]) => !k.includes('__sandbox')).map(([k, v]) => `${k} ×${v}`);
    return judged(figures, [
      `QBO company of ${CUSTOMERS.toLocaleString('en-US')} customers (sandbox seed 42); counts are every request that reached the sandbox listener, control API excluded.`,
      `The 1-seat and ${SEATS}-seat scenarios ran one after the other in this run, each on a fresh sandbox and a fresh proxy (PGlite).`,
      `"Sync now" presses from the ${SEATS} seats are spread evenly over ${PRESS_SPREAD_MS / 1000} s; a press while a sync runs joins it (single flight per connection), and a press within ${DEFAULT_MANUAL_COOLDOWN_MS / 1000} s after a successful run starts nothing (answers 202 with the connection's state; sync/sync-service.ts). The bench waits ${DEFAULT_MANUAL_COOLDOWN_MS / 1000 + 1} s after the import so the first press starts a run in both scenarios.`,
      `Requests by endpoint, ${SEATS} seats: ${paths.join(', ')}.`,
    ]);
  },
};
export default bench;
