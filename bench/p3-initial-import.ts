import { round } from './lib/stats';
import { connectProvider, createSeat, sandboxCompany, startBenchProxy, startCountingSandbox, waitConnected } from './lib/stack';
import { judged, type Benchmark, type Figure } from './lib/types';

/**
 * P3: the initial import of a company of 10,000 customers and 100,000 invoices, with the sandbox's real rate limits
 * on (QBO: 500 requests a minute and 10 at once per realm; Xero: 60 a minute). Every request that reaches the sandbox
 * is counted where it arrives (bench/lib/stack.ts), by endpoint and — for QBO queries — by entity, with the status
 * it got (429 and 5xx are failed calls).
 *
 * Minimum pages: Σ over mirrored entities of max(1, ceil(records / max page size)) — the records counted by the
 * sandbox itself (COUNT queries after the import, not counted). Limit-bound time: that minimum paced at the
 * provider's per-minute rate (QBO 500/min → 0.12 s a call), i.e. what a client spending the whole budget evenly needs.
 */
const CUSTOMERS = 10_000;
const INVOICES = 100_000;
const QBO = { perMinute: 500, pageSize: 1000 };
/** QBO entity names of the mirrored entities (proxy-server/providers/qbo/qbo-entities.ts). */
const QBO_ENTITY_NAMES = ['Customer', 'Item', 'Employee', 'Vendor', 'Invoice', 'Estimate', 'Payment', 'CreditMemo'];
const IMPORT_TIMEOUT_MS = 12 * 60_000;

async function qboCount(sandboxUrl: string, realmId: string, entity: string): Promise<number> {
  const endpoints = (await (await fetch(`${sandboxUrl}/__sandbox/endpoints`)).json()) as { qbo: { apiBaseUrl: string } };
  const { access_token } = (await (
    await fetch(`${sandboxUrl}/__sandbox/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ provider: 'qbo', companyId: realmId }) })
  ).json()) as { access_token: string };
  const query = `SELECT COUNT(*) FROM ${entity}`;
  const response = await fetch(`${endpoints.qbo.apiBaseUrl}/v3/company/${realmId}/query?query=${encodeURIComponent(query)}&minorversion=75`, {
    headers: { authorization: `Bearer ${access_token}`, accept: 'application/json' },
  });
  if (!response.ok) throw new Error(`COUNT ${entity} answered ${response.status}`);
  return Number(((await response.json()) as { QueryResponse: { totalCount?: number } }).QueryResponse.totalCount ?? 0);
}

async function importQbo(): Promise<{ figures: Figure[]; notes: string[] }> {
  const sandbox = await startCountingSandbox();
  const reset = await fetch(`${sandbox.url}/__sandbox/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ provider: 'qbo', customers: CUSTOMERS, invoices: INVOICES }),
  });
  if (!reset.ok) throw new Error(`sandbox reset answered ${reset.status}: ${await reset.text()}`);
  const stack = await startBenchProxy(sandbox.url);
  try {
    const token = await createSeat(stack.proxy, 'Seat 1');
    const company = await sandboxCompany(sandbox.url, 'qbo');
    sandbox.resetCounts();
    const started = performance.now();
    await connectProvider(stack.proxy.url, token, 'qbo', company.id);
    const [connection] = await waitConnected(stack.proxy.url, token, IMPORT_TIMEOUT_MS);
    await stack.proxy.sync.idle();
    const wallMs = performance.now() - started;
    const counts = { api: sandbox.counts.api, oauth: sandbox.counts.oauth, byPath: new Map(sandbox.counts.byPath), status: new Map(sandbox.counts.apiStatus) };

    const records = new Map<string, number>();
    for (const entity of QBO_ENTITY_NAMES) records.set(entity, await qboCount(sandbox.url, company.id, entity));
    const minimumPages = [...records.values()].reduce((sum, n) => sum + Math.max(1, Math.ceil(n / QBO.pageSize)), 0);
    const failed = [...counts.status].filter(([status]) => status === 429 || status >= 500).reduce((sum, [, n]) => sum + n, 0);
    const limitBoundMs = (minimumPages / QBO.perMinute) * 60_000;
    const callRatio = counts.api / minimumPages;
    const wallRatio = wallMs / limitBoundMs;
    const mirroredInvoices = await stack.proxy.store.mirror.countLive(connection!.id, 'invoice');
    const mirroredCustomers = await stack.proxy.store.mirror.countLive(connection!.id, 'customer');
    const perEntity = QBO_ENTITY_NAMES.map((e) => `${e} ${records.get(e)!.toLocaleString('en-US')} records / ${counts.byPath.get(`GET /qbo/v3/company/{id}/query ${e}`) ?? 0} queries`).join(', ');
    return {
      figures: [
        { name: 'QBO: provider API calls / minimum pages', value: `${counts.api} / ${minimumPages} = ${round(callRatio, 3)} ×`, target: '≤ 1.1 ×', ok: callRatio <= 1.1 },
        { name: 'QBO: wall time / limit-bound time', value: `${round(wallMs / 1000, 1)} s / ${round(limitBoundMs / 1000, 1)} s = ${round(wallRatio, 2)} ×`, target: '≤ 1.2 ×', ok: wallRatio <= 1.2 },
        { name: 'QBO: failed calls (429 or 5xx)', value: failed, target: '0', ok: failed === 0 },
        { name: 'QBO: mirrored customers / invoices', value: `${mirroredCustomers.toLocaleString('en-US')} / ${mirroredInvoices.toLocaleString('en-US')}` },
        { name: 'QBO: OAuth requests (consent, token)', value: counts.oauth },
        { name: 'QBO: import throughput', value: round((mirroredCustomers + mirroredInvoices) / (wallMs / 1000), 0), unit: 'records/s' },
      ],
      notes: [
        `QBO: per entity (sandbox count / query calls): ${perEntity}.`,
        `QBO: API calls by endpoint: ${[...counts.byPath].filter(([k]) => k.includes('/v3/')).map(([k, n]) => `${k} ×${n}`).join(', ')}; statuses ${[...counts.status].map(([s, n]) => `${s} ×${n}`).join(', ')}.`,
        `QBO: wall time from the authorize request to the connection "connected" with no sync running (consent, token exchange, import of every entity into PGlite); limit-bound time = minimum pages × 60 s / ${QBO.perMinute}. The sandbox's limits are on (QBO ${QBO.perMinute}/min and 10 concurrent per realm, proxy-server/sandbox/qbo/throttle.ts).`,
      ],
    };
  } finally {
    await stack.close();
    await sandbox.close();
  }
}

const bench: Benchmark = {
  id: 'p3',
  title: 'initial import of 10,000 customers + 100,000 invoices, QBO and Xero each',
  target: 'provider calls ≤ 1.1 × the minimum number of pages; wall time ≤ 1.2 × what the rate limits allow; no failed call',
  command: 'npx tsx bench/run.ts p3',
  async run() {
    const qbo = await importQbo();
    const xeroMinimum = Math.ceil(CUSTOMERS / 100) + Math.ceil(INVOICES / 100);
    return judged(qbo.figures, [
      ...qbo.notes,
      `Xero: pending — not measured in this run. Its proxy wiring (authorize/connect through the proxy) was landing from another engineer during this session. At Xero's 60 calls a minute and pages of 100 (catalogue.ts), the minimum is ≥ ${xeroMinimum.toLocaleString('en-US')} pages for contacts and invoices alone, i.e. ≥ ${round(xeroMinimum / 60, 0)} minutes of limit-bound time for one run, longer than this harness's 15-minute backstop: it needs a run of its own (and the verdict above covers QBO only).`,
    ]);
  },
};
export default bench;
