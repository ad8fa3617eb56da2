/**
 * Soak (issue 7, reliability item 8): 50 seats pull the change feed while signed webhooks arrive, for ten minutes;
 * memory (RSS, heap after a forced GC) is sampled every 10 s and the curve is written to docs/bench/soak.md with the
 * date, the machine and the command; every error is counted.
 *
 *   npx tsx bench/soak.ts                      # 10 minutes, samples every 10 s
 *   SOAK_SECONDS=60 SOAK_SAMPLE_SECONDS=5 npx tsx bench/soak.ts
 *
 * One process holds the sandbox, the proxy (PGlite) and the 50 seats, so the memory figures are the whole process's
 * (the proxy dominates: the seats keep only a cursor each). Webhooks are real: a change is made at the sandbox's QBO
 * API every second (a customer edit, or a small payment), the sandbox signs and POSTs the notification to the proxy's
 * /webhooks/qbo, the proxy fetches the change and appends it to the feed the seats pull.
 * test/integration/reliability/load.test.ts runs the same for 60 s with assertions.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startSandbox } from '../proxy-server/sandbox/server';
import { describeMachine, machineLine } from './lib/machine';
import { createSeat, connectProvider, sandboxCompany, startBenchProxy, waitConnected } from './lib/stack';

export interface SoakOptions {
  durationMs: number;
  sampleMs: number;
  seats?: number;
  /** Pause of each seat after it reached the end of the feed. */
  pollMs?: number;
  /** One sandbox change (→ one signed webhook) per this many ms. */
  changeEveryMs?: number;
  customers?: number;
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
  errors: number;
}

export interface SoakResult {
  samples: SoakSample[];
  errors: string[];
  feedRequests: number;
  changes: number;
  webhooksReceived: number;
  syncRuns: { succeeded: number; failed: number; other: number };
  /** Every seat's cursor at the end equals the feed's latest cursor. */
  seatsCaughtUp: number;
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
  try {
    const company = await sandboxCompany(sandbox.url, 'qbo');
    const tokens: string[] = [];
    for (let i = 0; i < seatCount; i += 1) tokens.push(await createSeat(proxy, `Soak seat ${i + 1}`));
    const owner = tokens[0] as string;
    await connectProvider(proxy.url, owner, 'qbo', company.id);
    await waitConnected(proxy.url, owner, 300_000);
    await proxy.sync.idle();
    log(`connected; ${seatCount} seats; starting the load`);

    // Count the signed webhooks that reach the proxy: a forwarding receiver in front of /webhooks/qbo.
    const { serve } = await import('@hono/node-server');
    const receiver = await new Promise<{ url: string; close(): void }>((resolve) => {
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
    let changes = 0;
    const started = Date.now();
    const deadline = started + options.durationMs;
    const cursors: string[] = tokens.map(() => '');

    const seat = async (index: number) => {
      const token = tokens[index] as string;
      // Spread the seats over the first poll period so they do not all ask at the same instant.
      await new Promise((r) => setTimeout(r, (index * pollMs) / seatCount));
      while (Date.now() < deadline) {
        try {
          for (let pages = 0; pages < 1000; pages += 1) {
            const query = new URLSearchParams({ limit: '500', ...(cursors[index] ? { cursor: cursors[index] as string } : {}) });
            const response = await fetch(`${proxy.url}/v1/feed?${query}`, { headers: { Authorization: `Bearer ${token}` } });
            feedRequests += 1;
            const text = await response.text();
            if (response.status !== 200) {
              error(`seat ${index} feed → ${response.status} ${text.slice(0, 200)}`);
              break;
            }
            const page = JSON.parse(text) as { cursor: string; hasMore: boolean };
            cursors[index] = page.cursor;
            if (!page.hasMore) break;
          }
        } catch (e) {
          error(`seat ${index} feed threw ${(e as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, pollMs));
      }
    };

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
        await new Promise((r) => setTimeout(r, Math.max(0, changeEveryMs - (Date.now() - tick))));
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
        errors: errors.length,
      };
      samples.push(s);
      log(`t=${s.t}s rss=${s.rssMiB} MiB heap=${s.heapUsedMiB} MiB feed=${s.feedRequests} changes=${s.changes} webhooks=${s.webhooksReceived} errors=${s.errors}`);
    };
    sample();
    const sampler = setInterval(sample, options.sampleMs);
    await Promise.all([...tokens.map((_, i) => seat(i)), changer()]);
    clearInterval(sampler);
    sample();

    // Let the last webhooks land, then every seat catches up once more.
    await new Promise((r) => setTimeout(r, 1500));
    await proxy.sync.idle();
    const workspace = await proxy.store.workspaces.ensureDefault(Date.now());
    const { encodeCursor } = await import('../proxy-server/routes/feed');
    const latest = encodeCursor(await proxy.store.mirror.latestSeq(workspace.id));
    let caughtUp = 0;
    for (let i = 0; i < tokens.length; i += 1) {
      for (let pages = 0; pages < 1000; pages += 1) {
        const query = new URLSearchParams({ limit: '500', ...(cursors[i] ? { cursor: cursors[i] as string } : {}) });
        const response = await fetch(`${proxy.url}/v1/feed?${query}`, { headers: { Authorization: `Bearer ${tokens[i] as string}` } });
        if (response.status !== 200) {
          error(`final feed ${i} → ${response.status}`);
          break;
        }
        const page = (await response.json()) as { cursor: string; hasMore: boolean };
        cursors[i] = page.cursor;
        if (!page.hasMore) break;
      }
      if (cursors[i] === latest) caughtUp += 1;
    }
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
    receiver.close();
    return { samples, errors, feedRequests, changes, webhooksReceived, syncRuns, seatsCaughtUp: caughtUp, seats: seatCount, gcForced: gc !== null };
  } finally {
    await bench.close();
    await sandbox.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** First-quarter vs last-quarter medians of heap and RSS (the samples after the opening one). */
export function growth(samples: SoakSample[]): { heapFirst: number; heapLast: number; rssFirst: number; rssLast: number } {
  const body = samples.slice(1);
  const quarter = Math.max(1, Math.floor(body.length / 4));
  const first = body.slice(0, quarter);
  const last = body.slice(-quarter);
  return {
    heapFirst: median(first.map((s) => s.heapUsedMiB)),
    heapLast: median(last.map((s) => s.heapUsedMiB)),
    rssFirst: median(first.map((s) => s.rssMiB)),
    rssLast: median(last.map((s) => s.rssMiB)),
  };
}

async function main(): Promise<void> {
  const seconds = Number(process.env.SOAK_SECONDS ?? 600);
  const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 10);
  const machine = describeMachine();
  const startedAt = new Date();
  const command = `${seconds === 600 ? '' : `SOAK_SECONDS=${seconds} `}${sampleSeconds === 10 ? '' : `SOAK_SAMPLE_SECONDS=${sampleSeconds} `}npx tsx bench/soak.ts`;
  const result = await runSoak({ durationMs: seconds * 1000, sampleMs: sampleSeconds * 1000, log: (l) => console.log(l) });
  const g = growth(result.samples);
  const lines = [
    '# Soak: 50 seats pulling the feed while signed webhooks arrive',
    '',
    'Issue 7, reliability item 8. Written by `bench/soak.ts` (the 60-second asserted twin is',
    '`test/integration/reliability/load.test.ts`). One process holds the sandbox, the proxy (PGlite) and the seats;',
    'memory is that process after a forced GC. A change is made at the sandbox every second (customer edit, or a',
    '1-cent payment every fourth), whose signed webhook the proxy receives, fetches and appends to the feed; each seat',
    'pages the feed to its end (limit 500) and waits 1 s.',
    '',
    `- Date: ${startedAt.toISOString()}`,
    `- Command: \`${command}\``,
    `- Machine: ${machineLine(machine)}`,
    `- Duration: ${seconds} s, ${result.seats} seats, sample every ${sampleSeconds} s, GC forced before each sample: ${result.gcForced ? 'yes' : 'no'}`,
    `- Feed requests: ${result.feedRequests}; sandbox changes: ${result.changes}; signed webhooks received: ${result.webhooksReceived}`,
    `- Sync runs (the last 200 of the log): ${result.syncRuns.succeeded} succeeded, ${result.syncRuns.failed} failed, ${result.syncRuns.other} other`,
    `- Seats caught up with the latest cursor at the end: ${result.seatsCaughtUp} / ${result.seats}`,
    `- **Errors: ${result.errors.length}**${result.errors.length ? ` — first: ${result.errors.slice(0, 5).join(' | ')}` : ''}`,
    `- Heap used, median of the first vs last quarter: ${g.heapFirst} → ${g.heapLast} MiB (${g.heapFirst ? Math.round((g.heapLast / g.heapFirst) * 100) / 100 : '—'}×); RSS ${g.rssFirst} → ${g.rssLast} MiB`,
    '',
    '| t (s) | RSS (MiB) | heap used (MiB) | feed requests | changes | webhooks | errors |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...result.samples.map((s) => `| ${s.t} | ${s.rssMiB} | ${s.heapUsedMiB} | ${s.feedRequests} | ${s.changes} | ${s.webhooksReceived} | ${s.errors} |`),
    '',
  ];
  const out = path.resolve(import.meta.dirname, '../docs/bench/soak.md');
  writeFileSync(out, lines.join('\n'));
  console.log(`wrote ${out}; errors ${result.errors.length}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
