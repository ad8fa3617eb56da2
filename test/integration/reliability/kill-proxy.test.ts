import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeResponseSchema, PairResponseSchema, SyncRunsResponseSchema } from '../../../lib/proxy-api';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { Api, connections, consent, tempDir, waitFor } from '../proxy/helpers';
import { SandboxQbo } from '../proxy/qbo-sync-support';
import { reconcileQbo, seededRandom, sleep } from './support';

/**
 * Issue 7 item 3 (the proxy half): `npm run proxy` (proxy-server/index.ts, run as `node --import tsx` so the signal
 * reaches the proxy itself and not an npx wrapper) as a child process with the default embedded store (PGlite in
 * LEDGERLENS_DATA_DIR), killed with SIGKILL at seeded random points of the initial import, five times, restarted on
 * the same data dir each time → the import resumes, the connection ends `connected`, and the reconciliation (every
 * entity at the sandbox vs the feed, record by record) finds no difference.
 * KILL_SEED varies the kill points (default 7); KILL_CUSTOMERS / KILL_INVOICES the sandbox size.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const SEED = Number(process.env.KILL_SEED ?? 7);
const CUSTOMERS = Number(process.env.KILL_CUSTOMERS ?? 2500);
const INVOICES = Number(process.env.KILL_INVOICES ?? 5000);
const KILLS = 5;
const t0 = Date.now();
const trace = (what: string) => {
  if (process.env.KILL_TRACE) console.info(`[kill trace +${Date.now() - t0} ms] ${what}`);
};

let sandbox: RunningSandbox;
let qbo: SandboxQbo;
let dataDir: ReturnType<typeof tempDir>;
let child: ChildProcess | undefined;
/** The sync log as the recovered proxy reports it, for the second test. */
let finalRuns: { trigger: string; status: string; startedAt: string }[] = [];

interface Started {
  url: string;
  pairingCode: string;
  process: ChildProcess;
}

async function startChild(): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'proxy-server/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PROXY_PORT: '0',
      PROXY_HOST: '127.0.0.1',
      SANDBOX_URL: sandbox.url,
      LEDGERLENS_DATA_DIR: dataDir.path,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: proc.stdout! });
  return new Promise<Started>((resolvePromise, reject) => {
    let url = '';
    const timer = setTimeout(() => reject(new Error(`the proxy did not start in 30 s: ${stderr.slice(-500)}`)), 30_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the proxy exited (${code}) before it was ready: ${stderr.slice(-800)}`));
    });
    lines.on('line', (line) => {
      const listening = /^Proxy listening on (\S+)/.exec(line);
      if (listening) url = listening[1] as string;
      const code = /^Pairing code: (\S+)/.exec(line);
      if (code && url) {
        clearTimeout(timer);
        resolvePromise({ url, pairingCode: code[1] as string, process: proc });
      }
    });
  });
}

function kill(proc: ChildProcess): Promise<void> {
  return new Promise((resolvePromise) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolvePromise();
    proc.once('exit', () => resolvePromise());
    proc.kill('SIGKILL');
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  qbo = await SandboxQbo.open(sandbox.url);
  await qbo.control('POST', 'reset', { provider: 'qbo', companyId: qbo.realmId, customers: CUSTOMERS, invoices: INVOICES });
  dataDir = tempDir('ledgerlens-kill-');
});

afterAll(async () => {
  if (child) await kill(child);
  await sandbox?.close();
  dataDir?.remove();
});

describe('SIGKILL during the initial import', () => {
  it(`killed ${KILLS} times at random points, restarted → resumes and ends equal to the sandbox`, { timeout: 150_000 }, async () => {
    const random = seededRandom(SEED);
    let running = await startChild();
    trace('started');
    const api = new Api(running.url);
    api.token = PairResponseSchema.parse(await api.json('POST', '/v1/pair', { code: running.pairingCode, name: 'Kill seat' }, 201)).token;
    const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
    const landing = await fetch(await consent(authorizeUrl, { company: qbo.realmId }));
    expect(landing.status).toBe(200);
    trace('connected; import running');

    const kills: string[] = [];
    for (let k = 0; k < KILLS; k += 1) {
      const delay = Math.round(300 + random() * 1700);
      await sleep(delay);
      const [before] = await connections(new Api(running.url, api.token)).catch(() => []);
      await kill(running.process);
      kills.push(`kill ${k + 1} after ${delay} ms: ${before?.status ?? '?'} ${before?.progress ? `${before.progress.entity} ${before.progress.done}/${before.progress.total ?? '?'}` : ''}`.trim());
      trace(kills.at(-1) ?? '');
      running = await startChild();
      trace('restarted');
    }

    const final = new Api(running.url, api.token);
    const connected = await waitFor(
      'the resumed import',
      async () => {
        const [c] = await connections(final);
        if (c?.status === 'error' || c?.status === 'reconnect_required') throw new Error(`connection ${c.status}: ${c.statusMessage}`);
        return c?.status === 'connected' ? c : undefined;
      },
      60_000,
    );
    trace('connected');
    const { runs } = SyncRunsResponseSchema.parse(await final.json('GET', `/v1/sync-runs?connectionId=${connected.id}&limit=50`));
    finalRuns = runs;
    const result = await reconcileQbo(qbo, final);
    const total = Object.values(result.compared).reduce((a, b) => a + b, 0);
    console.info(
      `[reliability 3 kill] seed ${SEED}, ${CUSTOMERS} customers / ${INVOICES} invoices\n  ${kills.join('\n  ')}\n  runs (newest first): ${runs
        .map((r) => `${r.trigger}:${r.status}`)
        .join(', ')}\n  reconciled ${total} records, ${result.differences.length} differences`,
    );
    expect(result.differences.slice(0, 20)).toEqual([]);
    expect(total).toBeGreaterThan(CUSTOMERS);
  });

  it('after recovery, the sync log shows no run as still running (the killed runs are closed, not left "running")', () => {
    expect(finalRuns.length).toBeGreaterThan(1);
    const stale = finalRuns.slice(1).filter((r) => r.status === 'running');
    expect(stale.map((r) => `${r.trigger} started ${r.startedAt}: ${r.status}`)).toEqual([]);
  });
});
