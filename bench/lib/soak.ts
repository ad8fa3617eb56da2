/**
 * The soak scenario of issue 7, reliability item 8, shared by the ten-minute benchmark (bench/soak.ts, which records
 * the curve in docs/bench/soak.md) and its short asserted twin in `npm test`
 * (test/integration/reliability/soak-short.test.ts).
 *
 * One process holds the sandbox, the proxy (PGlite) and the seats, all over real HTTP on loopback. Each seat does what
 * the extension's background does: it pulls GET /v1/feed from its cursor to the end (limit 500), keeps the records
 * (a hash of each, by entity and key), listens to GET /v1/events (server-sent events) and pulls again when a `feed`
 * event arrives, with a poll every `pollMs` as the fallback; a dropped stream is reconnected. Webhooks are real: a
 * change is made at the sandbox's QBO API every `changeEveryMs` (a customer edit, or a 1-cent payment every fourth),
 * the sandbox signs and POSTs the notification to the proxy's /webhooks/qbo (through a counting forwarder), the proxy
 * fetches the change and appends it to the feed.
 *
 * Before the timed load every seat catches up once (the initial download is not what is being soaked, and memory is
 * then measured on a steady state). After it, the changes stop, the proxy settles, and the seats — still driven by
 * their event streams — must reach the feed's latest cursor; then every seat's records are compared with the
 * proxy's mirror, record by record.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startSandbox } from '../../proxy-server/sandbox/server';
import { encodeCursor } from '../../proxy-server/routes/feed';
import { createSeat, connectProvider, sandboxCompany, startBenchProxy, waitConnected } from './stack';

export interface SoakOptions {
  durationMs: number;
  sampleMs: number;
  seats?: number;
  /** Fallback poll of each seat after it reached the end of the feed (events wake it earlier). */
  pollMs?: number;
  /** One sandbox change (→ one signed webhook) per this many ms. */
  changeEveryMs?: number;
  customers?: number;
  /** How long the seats may take to reach the latest cursor once the changes stop. */
  settleTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface SoakSample {
  /** Seconds since the load started. */
  t: number;
  rssMiB: number;
  heapUsedMiB: number;
  feedRequests: number;
  changes: number;
  webhooksReceived: number;
  sseEvents: number;
  errors: number;
}

export interface SoakResult {
  samples: SoakSample[];
  errors: string[];
  feedRequests: number;
  changes: number;
  webhooksReceived: number;
  /** `feed` events received over the seats' event streams. */
  sseEvents: number;
  /** Streams that ended or failed while the seat still listened, and how many of those were opened again. */
  sseDrops: number;
  sseReconnects: number;
  syncRuns: { succeeded: number; failed: number; other: number };
  /** Every seat's cursor at the end equals the feed's latest cursor. */
  seatsCaughtUp: number;
  /** Seats whose records equal the proxy's mirror, record by record (same keys, same data). */
  seatsMatchingMirror: number;
  /** Live records in the mirror at the end. */
  mirrorRecords: number;
  seats: number;
  gcForced: boolean;
}

const KEY = 'soak-verifier-token';
const MiB = 1024 * 1024;

/** `global.gc` without --expose-gc: V8's flag set at run time, then fetched from a fresh context. */
export function gcFunction(): (() => void) | null {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === 'function') return existing;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A short digest of a record's JSON, so fifty copies of the mirror stay small. */
const digest = (data: unknown) => createHash('sha1').update(JSON.stringify(data)).digest('base64');

interface FeedItemLike {
  op: 'upsert' | 'delete';
  entity: string;
  key: string;
  data?: unknown;
}

/** One seat's state: cursor and records, as the extension's Dexie would hold them. */
interface SeatState {
  token: string;
  cursor: string;
  records: Map<string, string>;
  /** Resolves the seat's current wait early (a `feed` event arrived). */
  wake: () => void;
  /** A `feed` event arrived while the seat was pulling: pull again at once. */
  dirty: boolean;
}

function applyItems(seat: SeatState, items: FeedItemLike[]): void {
  for (const item of items) {
    const id = `${item.entity}|${item.key}`;
    if (item.op === 'delete') seat.records.delete(id);
    else seat.records.set(id, digest(item.data));
  }
}

export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => undefined);
  const seatCount = options.seats ?? 50;
  const pollMs = options.pollMs ?? 1000;
  const changeEveryMs = options.changeEveryMs ?? 1000;
  const gc = gcFunction();
  const errors: string[] = [];
  const error = (what: string) => {
    if (errors.length < 1000) errors.push(what);
  };

  const sandbox = await startSandbox({ port: 0, customers: options.customers ?? 200 });
  const bench = await startBenchProxy(sandbox.url, { QBO_WEBHOOK_VERIFIER_TOKEN: KEY }, { seatRequestsPerMinute: 100_000 });
  const proxy = bench.proxy;
  let webhooksReceived = 0;
  let receiver: { url: string; close(): void } | null = null;
  const streams = new Set<AbortController>();
  try {
    const company = await sandboxCompany(sandbox.url, 'qbo');
    const seats: SeatState[] = [];
    for (let i = 0; i < seatCount; i += 1) {
      seats.push({ token: await createSeat(proxy, `Soak seat ${i + 1}`), cursor: '', records: new Map(), wake: () => undefined, dirty: false });
    }
    const owner = seats[0]!.token;
    await connectProvider(proxy.url, owner, 'qbo', company.id);
    await waitConnected(proxy.url, owner, 300_000);
    await proxy.sync.idle();
    const workspace = await proxy.store.workspaces.ensureDefault(Date.now());

    // Count the signed webhooks that reach the proxy: a forwarding receiver in front of /webhooks/qbo.
    const { serve } = await import('@hono/node-server');
    receiver = await new Promise<{ url: string; close(): void }>((resolve) => {
      const server = serve({ port: 0, hostname: '127.0.0.1', fetch: async (request) => {
        webhooksReceived += 1;
        const forwarded = await fetch(`${proxy.url}/webhooks/qbo`, {
          method: 'POST',
          headers: { 'content-type': request.headers.get('content-type') ?? 'application/json', 'intuit-signature': request.headers.get('intuit-signature') ?? '' },
          body: await request.text(),
        });
        if (forwarded.status !== 200) error(`webhook → ${forwarded.status}`);
        return new Response(await forwarded.text(), { status: forwarded.status });
      } }, (info) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }));
    });
    const controlPost = (p: string, body: unknown) =>
      fetch(`${sandbox.url}/__sandbox/${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await controlPost('webhooks', { provider: 'qbo', url: receiver.url, key: KEY, format: 'legacy' });
    const apiBase = ((await (await fetch(`${sandbox.url}/__sandbox/endpoints`)).json()) as { qbo: { apiBaseUrl: string } }).qbo.apiBaseUrl;
    const qboCall = async (method: string, p: string, body?: unknown) => {
      const { access_token } = (await (await controlPost('token', { provider: 'qbo', companyId: company.id })).json()) as { access_token: string };
      const response = await fetch(`${apiBase}/v3/company/${company.id}/${p}${p.includes('?') ? '&' : '?'}minorversion=75`, {
        method,
        headers: { Authorization: `Bearer ${access_token}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
    const customerIds = (((await qboCall('GET', `query?query=${encodeURIComponent('SELECT * FROM Customer MAXRESULTS 1000')}`)).json.QueryResponse as { Customer?: { Id: string }[] }).Customer ?? []).map((c) => c.Id);
    const openInvoices = (((await qboCall('GET', `query?query=${encodeURIComponent('SELECT * FROM Invoice WHERE Balance > 0 MAXRESULTS 1000')}`)).json.QueryResponse as { Invoice?: { Id: string; Balance: number; CustomerRef: { value: string } }[] }).Invoice ?? []).filter((i) => i.Balance > 1);

    let feedRequests = 0;
    let sseEvents = 0;
    let sseDrops = 0;
    let sseReconnects = 0;

    /** Pages the feed from the seat's cursor to its end. */
    const pull = async (index: number) => {
      const seat = seats[index]!;
      for (let pages = 0; pages < 1000; pages += 1) {
        const query = new URLSearchParams({ limit: '500', ...(seat.cursor ? { cursor: seat.cursor } : {}) });
        try {
          const response = await fetch(`${proxy.url}/v1/feed?${query}`, { headers: { Authorization: `Bearer ${seat.token}` } });
          feedRequests += 1;
          const text = await response.text();
          if (response.status !== 200) {
            error(`seat ${index} feed → ${response.status} ${text.slice(0, 200)}`);
            return;
          }
          const page = JSON.parse(text) as { items: FeedItemLike[]; cursor: string; hasMore: boolean };
          applyItems(seat, page.items);
          seat.cursor = page.cursor;
          if (!page.hasMore) return;
        } catch (e) {
          error(`seat ${index} feed threw ${(e as Error).message}`);
          return;
        }
      }
    };

    // Warm-up: every seat downloads the feed once (five at a time), before the load and the memory samples start.
    for (let i = 0; i < seatCount; i += 5) await Promise.all(seats.slice(i, i + 5).map((_, j) => pull(i + j)));
    log(`connected; ${seatCount} seats caught up (${seats[0]!.records.size} records each); starting the load`);

    let seatsRunning = true;

    /**
     * The seat's event stream, reopened whenever it ends while the seat still listens (as EventSource does, after the
     * server's `retry`, shortened here). A drop counts as reconnected once the new stream answers 200.
     */
    const listen = async (index: number) => {
      const seat = seats[index]!;
      let dropped = false;
      while (seatsRunning) {
        const controller = new AbortController();
        streams.add(controller);
        try {
          const response = await fetch(`${proxy.url}/v1/events`, { headers: { Authorization: `Bearer ${seat.token}`, Accept: 'text/event-stream' }, signal: controller.signal });
          if (response.status !== 200 || !response.body) {
            error(`seat ${index} events → ${response.status}`);
          } else {
            if (dropped) {
              sseReconnects += 1;
              dropped = false;
            }
            const decoder = new TextDecoder();
            let buffer = '';
            for await (const chunk of response.body) {
              buffer += decoder.decode(chunk as Uint8Array, { stream: true });
              let end: number;
              while ((end = buffer.indexOf('\n\n')) >= 0) {
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                if (/^event: feed$/m.test(block)) {
                  sseEvents += 1;
                  seat.dirty = true;
                  seat.wake();
                }
              }
            }
          }
        } catch (e) {
          if (!controller.signal.aborted) error(`seat ${index} events threw ${(e as Error).message}`);
        } finally {
          streams.delete(controller);
        }
        if (!seatsRunning || controller.signal.aborted) return;
        sseDrops += 1;
        dropped = true;
        await sleep(200);
      }
    };

    const seatLoop = async (index: number) => {
      const seat = seats[index]!;
      // Spread the seats over the first poll period so they do not all ask at the same instant.
      await sleep((index * pollMs) / seatCount);
      while (seatsRunning) {
        seat.dirty = false;
        await pull(index);
        if (seat.dirty) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          seat.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        seat.wake = () => undefined;
      }
    };

    let changes = 0;
    const started = Date.now();
    const deadline = started + options.durationMs;
    const changer = async () => {
      let n = 0;
      while (Date.now() < deadline) {
        const tick = Date.now();
        try {
          if (n % 4 === 3 && openInvoices.length > 0) {
            const invoice = openInvoices[n % openInvoices.length] as { Id: string; CustomerRef: { value: string } };
            const paid = await qboCall('POST', 'payment', {
              CustomerRef: invoice.CustomerRef,
              TotalAmt: 0.01,
              Line: [{ Amount: 0.01, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
            });
            if (paid.status !== 200) error(`payment → ${paid.status}`);
          } else {
            const id = customerIds[n % customerIds.length] as string;
            const current = (await qboCall('GET', `customer/${id}`)).json.Customer as { SyncToken: string } | undefined;
            const edited = await qboCall('POST', 'customer', { Id: id, SyncToken: current?.SyncToken, sparse: true, Notes: `soak edit ${n}` });
            if (edited.status !== 200) error(`customer edit → ${edited.status}`);
          }
          changes += 1;
        } catch (e) {
          error(`change threw ${(e as Error).message}`);
        }
        n += 1;
        await sleep(Math.max(0, changeEveryMs - (Date.now() - tick)));
      }
    };

    const samples: SoakSample[] = [];
    const sample = () => {
      gc?.();
      const m = process.memoryUsage();
      const s: SoakSample = {
        t: Math.round((Date.now() - started) / 1000),
        rssMiB: Math.round((m.rss / MiB) * 10) / 10,
        heapUsedMiB: Math.round((m.heapUsed / MiB) * 10) / 10,
        feedRequests,
        changes,
        webhooksReceived,
        sseEvents,
        errors: errors.length,
      };
      samples.push(s);
      log(`t=${s.t}s rss=${s.rssMiB} MiB heap=${s.heapUsedMiB} MiB feed=${s.feedRequests} changes=${s.changes} webhooks=${s.webhooksReceived} events=${s.sseEvents} errors=${s.errors}`);
    };
    sample();
    const sampler = setInterval(sample, options.sampleMs);
    const listeners = seats.map((_, i) => listen(i));
    const loops = seats.map((_, i) => seatLoop(i));
    await changer();
    clearInterval(sampler);
    sample();

    // The changes have stopped: let the last webhooks land and the proxy finish, then the seats (woken by their
    // streams, or their poll) must reach the latest cursor on their own. Repeated while the latest seq still moves.
    const settleDeadline = Date.now() + (options.settleTimeoutMs ?? 60_000);
    let latest = '';
    for (;;) {
      await sleep(1500);
      await proxy.sync.idle();
      latest = encodeCursor(await proxy.store.mirror.latestSeq(workspace.id));
      while (Date.now() < settleDeadline && seats.some((s) => s.cursor !== latest)) await sleep(100);
      const after = encodeCursor(await proxy.store.mirror.latestSeq(workspace.id));
      if (after === latest || Date.now() >= settleDeadline) break;
    }
    seatsRunning = false;
    for (const seat of seats) seat.wake();
    for (const controller of streams) controller.abort();
    await Promise.all([...loops, ...listeners]);
    const seatsCaughtUp = seats.filter((s) => s.cursor === latest).length;

    // The mirror, record by record, as the feed serves it (deleted records are tombstones: absent).
    const mirror = new Map<string, string>();
    const everything = await proxy.store.mirror.feed(workspace.id, 0n, 10_000_000);
    applyItems({ token: '', cursor: '', records: mirror, wake: () => undefined, dirty: false }, everything.items as FeedItemLike[]);
    const sameAsMirror = (records: Map<string, string>) =>
      records.size === mirror.size && [...mirror].every(([key, value]) => records.get(key) === value);
    const seatsMatchingMirror = seats.filter((s) => sameAsMirror(s.records)).length;

    const connectionsList = await proxy.store.connections.listAll();
    const syncRuns = { succeeded: 0, failed: 0, other: 0 };
    for (const connection of connectionsList) {
      const response = await fetch(`${proxy.url}/v1/sync-runs?connectionId=${connection.id}&limit=200`, { headers: { Authorization: `Bearer ${owner}` } });
      if (response.status !== 200) error(`sync-runs → ${response.status}`);
      const runs = ((await response.json()) as { runs?: { status: string; errors: string[] }[] }).runs ?? [];
      for (const run of runs) {
        if (run.status === 'succeeded') syncRuns.succeeded += 1;
        else if (run.status === 'failed') {
          syncRuns.failed += 1;
          error(`sync run failed: ${run.errors.join('; ')}`);
        } else syncRuns.other += 1;
      }
    }
    if (sseDrops !== sseReconnects) error(`${sseDrops - sseReconnects} event streams dropped and not reopened`);
    return {
      samples, errors, feedRequests, changes, webhooksReceived, sseEvents, sseDrops, sseReconnects, syncRuns,
      seatsCaughtUp, seatsMatchingMirror, mirrorRecords: mirror.size, seats: seatCount, gcForced: gc !== null,
    };
  } finally {
    for (const controller of streams) controller.abort();
    receiver?.close();
    await bench.close();
    await sandbox.close();
  }
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Medians of heap and RSS over the first vs the last `1/parts` of the samples after the opening one. */
export function growth(samples: SoakSample[], parts = 4): { heapFirst: number; heapLast: number; rssFirst: number; rssLast: number } {
  const body = samples.slice(1);
  const part = Math.max(1, Math.floor(body.length / parts));
  const first = body.slice(0, part);
  const last = body.slice(-part);
  return {
    heapFirst: median(first.map((s) => s.heapUsedMiB)),
    heapLast: median(last.map((s) => s.heapUsedMiB)),
    rssFirst: median(first.map((s) => s.rssMiB)),
    rssLast: median(last.map((s) => s.rssMiB)),
  };
}
