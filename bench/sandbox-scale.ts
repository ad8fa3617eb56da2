/**
 * Sandbox scale benchmark (issue 3, "Data ... scale"): seeds 100,000 customers and 1,000,000 invoices in one QBO
 * company and then one Xero organisation (POST /__sandbox/reset with provider + companyId, so only that company is
 * full size), times each seed, and times pages early / middle / late to show per-page latency is flat.
 *
 *   npx tsx bench/sandbox-scale.ts            (SCALE_CUSTOMERS / SCALE_INVOICES override the sizes)
 *
 * Prints a markdown table and writes it to docs/bench/sandbox-scale.md with the date, machine and command.
 * Re-executes itself with a larger V8 heap as a safety margin (both stores are compact now: ~0.2 GB for Xero at full
 * size). Records the machine load (/proc/loadavg) before and after, since the machine is shared.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from '../proxy-server/sandbox/server';

const HEAP_MB = 12_288;
if (!process.execArgv.join(' ').includes('max-old-space-size') && !(process.env['NODE_OPTIONS'] ?? '').includes('max-old-space-size')) {
  const child = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${HEAP_MB}`, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const CUSTOMERS = Number(process.env['SCALE_CUSTOMERS'] ?? 100_000);
const INVOICES = Number(process.env['SCALE_INVOICES'] ?? 1_000_000);
const RUNS = 7;
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../docs/bench/sandbox-scale.md');

type Row = [string, string, string, string];
const rows: Row[] = [];
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const ms = (value: number): string => `${value.toFixed(1)} ms`;
const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;

async function timed(call: () => Promise<Response>): Promise<{ median: number; first: number }> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    const response = await call();
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${response.url}`);
    samples.push(performance.now() - started);
  }
  return { median: median(samples.slice(1)), first: samples[0] ?? NaN };
}

const loadavg = (): string => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unavailable';
  }
};
const loadBefore = loadavg();
const sandbox = await startSandbox({ port: 0 });
const control = async (path: string, body?: unknown): Promise<unknown> =>
  (await fetch(`${sandbox.url}/__sandbox/${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })).json();
const endpoints = (await control('endpoints')) as { qbo: { apiBaseUrl: string }; xero: { apiBaseUrl: string } };
const companies = (await control('companies')) as { provider: string; id: string }[];
const qboRealm = companies.find((c) => c.provider === 'qbo')?.id ?? '';
const xeroTenant = companies.find((c) => c.provider === 'xero')?.id ?? '';

try {
  // QBO: one company at full size.
  global.gc?.();
  const qboSeed = (await control('reset', { provider: 'qbo', companyId: qboRealm, customers: CUSTOMERS, invoices: INVOICES })) as { seconds: number };
  const qboHeap = process.memoryUsage().heapUsed;
  rows.push(['QBO seed', `${CUSTOMERS.toLocaleString('en-US')} customers, ${INVOICES.toLocaleString('en-US')} invoices (1 company)`, `${qboSeed.seconds.toFixed(1)} s`, `heap ${gb(qboHeap)}`]);
  const qboToken = ((await control('token', { provider: 'qbo', companyId: qboRealm })) as { access_token: string }).access_token;
  const qboQuery = (statement: string) => () =>
    fetch(`${endpoints.qbo.apiBaseUrl}/v3/company/${qboRealm}/query?query=${encodeURIComponent(statement)}`, { headers: { authorization: `Bearer ${qboToken}`, accept: 'application/json' } });
  const customerPages = Math.ceil(CUSTOMERS / 1000);
  for (const [label, page] of [['page 1', 1], ['middle page', Math.ceil(customerPages / 2)], ['page 90', Math.min(90, customerPages)]] as const) {
    const start = (page - 1) * 1000 + 1;
    const plain = await timed(qboQuery(`SELECT * FROM Customer STARTPOSITION ${start} MAXRESULTS 1000`));
    rows.push(['QBO query Customer', `${label} (STARTPOSITION ${start}, MAXRESULTS 1000)`, ms(plain.median), `first call ${ms(plain.first)}`]);
  }
  for (const [label, page] of [['page 1', 1], ['page 90', Math.min(90, customerPages)]] as const) {
    const start = (page - 1) * 1000 + 1;
    const ordered = await timed(qboQuery(`SELECT * FROM Customer ORDERBY DisplayName STARTPOSITION ${start} MAXRESULTS 1000`));
    rows.push(['QBO query Customer ORDERBY DisplayName', label, ms(ordered.median), `first call ${ms(ordered.first)} (builds the ordering)`]);
  }
  const invoicePages = Math.ceil(INVOICES / 1000);
  for (const [label, page] of [['page 1', 1], ['middle page', Math.ceil(invoicePages / 2)], ['last page', invoicePages]] as const) {
    const start = (page - 1) * 1000 + 1;
    const result = await timed(qboQuery(`SELECT * FROM Invoice STARTPOSITION ${start} MAXRESULTS 1000`));
    rows.push(['QBO query Invoice', `${label} (STARTPOSITION ${start})`, ms(result.median), `first call ${ms(result.first)}`]);
  }
  const byCustomer = await timed(qboQuery(`SELECT * FROM Invoice WHERE CustomerRef = '${Math.floor(CUSTOMERS * 0.9)}'`));
  rows.push(['QBO query Invoice WHERE CustomerRef', 'one customer', ms(byCustomer.median), 'served from the invoices-by-customer index']);

  // Xero: one organisation at full size (QBO drops back to its default size).
  global.gc?.();
  const xeroSeed = (await control('reset', { provider: 'xero', companyId: xeroTenant, customers: CUSTOMERS, invoices: INVOICES })) as { seconds: number };
  const xeroHeap = process.memoryUsage().heapUsed;
  rows.push(['Xero seed', `${CUSTOMERS.toLocaleString('en-US')} contacts, ${INVOICES.toLocaleString('en-US')} invoices (1 organisation)`, `${xeroSeed.seconds.toFixed(1)} s`, `heap ${gb(xeroHeap)}`]);
  const xeroToken = ((await control('token', { provider: 'xero', companyId: xeroTenant })) as { access_token: string }).access_token;
  const xeroGet = (path: string) => () =>
    fetch(`${endpoints.xero.apiBaseUrl}${path}`, { headers: { authorization: `Bearer ${xeroToken}`, 'xero-tenant-id': xeroTenant, accept: 'application/json' } });
  // Xero allows 60 calls a minute: lift the limit for the benchmark, as a test would (XeroEmulator.setLimits).
  const xero = sandbox.emulators.find((e) => e.provider === 'xero') as unknown as { setLimits(l: Record<string, number>): void };
  xero.setLimits({ perMinute: 1_000_000, perDay: 10_000_000, appPerMinute: 1_000_000 });
  const contactPages = Math.ceil(CUSTOMERS / 1000);
  for (const [label, page] of [['page 1', 1], ['middle page', Math.ceil(contactPages / 2)], ['page 90', Math.min(90, contactPages)]] as const) {
    const result = await timed(xeroGet(`/Contacts?page=${page}&pageSize=1000`));
    rows.push(['Xero GET Contacts', `${label} (pageSize 1000)`, ms(result.median), `first call ${ms(result.first)} (builds the page; later calls hit the page cache until a write)`]);
  }
  for (const [label, page] of [['page 1', 1], ['page 900', Math.min(900, Math.ceil(INVOICES / 1000))]] as const) {
    const result = await timed(xeroGet(`/Invoices?page=${page}&pageSize=1000`));
    rows.push(['Xero GET Invoices', `${label} (pageSize 1000)`, ms(result.median), `first call ${ms(result.first)} (builds the page; later calls hit the page cache until a write)`]);
  }
} finally {
  await sandbox.close();
}

const loadAfter = loadavg();
const command = 'npx tsx bench/sandbox-scale.ts';
const machine = `${cpus().length} CPUs (nproc), ${(totalmem() / 1e9).toFixed(1)} GB memory, Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`;
const table = [
  '| what | case | median | notes |',
  '|---|---|---|---|',
  ...rows.map((row) => `| ${row.join(' | ')} |`),
].join('\n');
const markdown = `# Sandbox scale

- Date: ${new Date().toISOString()}
- Machine: ${machine}
- Command: \`${command}\`
- Load average (1/5/15 min, /proc/loadavg) before: ${loadBefore}; after: ${loadAfter} — on ${cpus().length} CPUs, so anything above ${cpus().length} means the run shared the CPUs with other work.
- Sizes: ${CUSTOMERS.toLocaleString('en-US')} customers and ${INVOICES.toLocaleString('en-US')} invoices in one company per provider (reset with \`provider\` + \`companyId\`); medians of ${RUNS - 1} warm calls over loopback HTTP.

${table}
`;
console.log(markdown);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, markdown);
