import { readFileSync } from 'node:fs';
import http from 'node:http';
import autocannon from 'autocannon';

/**
 * P6's load generator, run in a child process of its own (bench/p6-feed-throughput.ts) so that generating load does
 * not take the proxy's CPU inside one event loop. It never inflates or parses bodies: the parent drained the feed
 * once with a full client (gunzip + JSON.parse) and hands over the cursor chain, so every seat here asks for exactly
 * the pages the extension would ask for, in the same order, and the proxy does the same work for each.
 *
 * Input: one JSON argument (LoadSpec). Output: one JSON line (LoadResult) on stdout.
 *
 * - mode "closed": autocannon, one instance with one keep-alive connection per seat (its own token, its own walk
 *   down the cursor chain, back to the start after the last page), all at once: the most the proxy can serve.
 * - mode "paced": each seat sends its next page every `intervalMs` (staggered across seats, one request in flight
 *   per seat as the extension's puller keeps it: a late answer makes the next request leave at once), over node:http
 *   keep-alive sockets: latency at a given offered load rather than at saturation (autocannon's own rate option
 *   sends each second's requests in one burst).
 */
export interface LoadSpec {
  mode: 'closed' | 'paced';
  url: string;
  tokens: string[];
  /** Request paths, e.g. /v1/feed?limit=500 then /v1/feed?limit=500&cursor=…, in order. */
  chain: string[];
  headers: Record<string, string>;
  durationS: number;
  /** paced only: per seat. */
  intervalMs?: number;
  /** The proxy's process: its CPU over exactly the load window is reported. */
  serverPid: number;
}

export interface LoadResult {
  requests: number;
  wallMs: number;
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  bytes: number;
  cpuMs: number;
  serverCpuMs: number;
  /** paced only: requests that left later than their slot because the previous answer was late. */
  late: number;
}

function closed(spec: LoadSpec, result: LoadResult): Promise<void> {
  const base = new URL(spec.url);
  return new Promise((resolve, reject) => {
    let running = spec.tokens.length;
    for (const token of spec.tokens) {
      const instance = autocannon(
        {
          url: base.origin,
          connections: 1,
          duration: spec.durationS,
          headers: { ...spec.headers, authorization: `Bearer ${token}` },
          requests: spec.chain.map((path) => ({ method: 'GET', path })),
        },
        (error) => {
          if (error) reject(error);
          else if (--running === 0) resolve();
        },
      );
      instance.on('response', (_client: unknown, statusCode: number, resBytes: number, responseTime: number) => {
        result.requests += 1;
        result.latencies.push(responseTime);
        result.statuses[statusCode] = (result.statuses[statusCode] ?? 0) + 1;
        result.bytes += resBytes;
      });
      instance.on('reqError', () => {
        result.errors += 1;
      });
    }
  });
}

function paced(spec: LoadSpec, result: LoadResult): Promise<void> {
  const base = new URL(spec.url);
  const interval = spec.intervalMs ?? 50;
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.tokens.length + 4 });
  const end = performance.now() + spec.durationS * 1000;
  const seat = (token: string, index: number) =>
    new Promise<void>((resolve) => {
      let step = 0;
      let due = performance.now() + (interval * index) / spec.tokens.length;
      const send = () => {
        const started = performance.now();
        const request = http.request(
          { host: base.hostname, port: base.port, path: spec.chain[step % spec.chain.length], agent, headers: { ...spec.headers, authorization: `Bearer ${token}` } },
          (response) => {
            let bytes = 0;
            response.on('data', (chunk: Buffer) => {
              bytes += chunk.length;
            });
            response.on('end', () => {
              result.requests += 1;
              result.latencies.push(performance.now() - started);
              result.statuses[response.statusCode ?? 0] = (result.statuses[response.statusCode ?? 0] ?? 0) + 1;
              result.bytes += bytes;
              next();
            });
          },
        );
        request.on('error', () => {
          result.errors += 1;
          next();
        });
        request.end();
      };
      const next = () => {
        step += 1;
        due += interval;
        const now = performance.now();
        if (due >= end) return resolve();
        if (due <= now) {
          result.late += 1;
          send();
        } else setTimeout(send, due - now);
      };
      setTimeout(send, Math.max(0, due - performance.now()));
    });
  return Promise.all(spec.tokens.map(seat)).then(() => agent.destroy());
}

const CLK_TCK = 100; // Linux USER_HZ

/** utime + stime of a process, in ms of CPU. */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
}

const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
const result: LoadResult = { requests: 0, wallMs: 0, latencies: [], statuses: {}, errors: 0, bytes: 0, cpuMs: 0, serverCpuMs: 0, late: 0 };
const cpu = process.cpuUsage();
const serverCpu = processCpuMs(spec.serverPid);
const started = performance.now();
await (spec.mode === 'closed' ? closed(spec, result) : paced(spec, result));
result.wallMs = performance.now() - started;
result.serverCpuMs = processCpuMs(spec.serverPid) - serverCpu;
const used = process.cpuUsage(cpu);
result.cpuMs = (used.user + used.system) / 1000;
process.stdout.write(`${JSON.stringify(result)}\n`);
