import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyApp } from '../../../proxy-server/app';
import { ERROR_CODES } from '../../../proxy-server/errors';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, pair, startTestProxy } from '../proxy/helpers';
import { appFor, fillPath, isPublic, routesOf, type RouteEntry } from './routes';

/**
 * Issue 7, suite item 7 (hostile input, the proxy half): 10,000 generated malformed or oversize requests against the
 * app in-process (app.request, no sockets) → always a 4xx with the error shape {error:{code,message}}, never a 5xx,
 * never a crash. The routes come from the app itself (routes.ts); the generator is seeded, so a failure reproduces.
 *
 * Documented exceptions to the JSON error shape: GET /oauth/:provider/callback answers the browser with an HTML
 * page, and POST /webhooks/xero answers a bad signature with an empty 401 (Xero's "intent to receive" check).
 */
const RUNS = Number(process.env.HOSTILE_RUNS ?? 10_000);
const SEED = Number(process.env.HOSTILE_SEED ?? 20_261_121);
const CONCURRENCY = 8;

let sandbox: RunningSandbox;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let app: ProxyApp;
let member: Api;
let routes: RouteEntry[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url });
  await pair(harness.proxy, 'Owner');
  member = await pair(harness.proxy, 'Member');
  const workspace = await harness.proxy.store.workspaces.ensureDefault(Date.now());
  // The per-seat budget is lifted so that the handlers behind it are what the requests reach.
  app = appFor(harness.proxy, workspace.id, { adminToken: 'hostile-admin-token', seatRequestsPerMinute: 1e9 });
  routes = routesOf(app);
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

interface Generated {
  kind: string;
  method: string;
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: string | undefined;
}

const ascii = (maxLength: number) => fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength });

const junkText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  ascii(2000),
  fc.constantFrom('', ' ', '%', '%00', '..', '../..', '%2e%2e%2f', '\u0000', 'null', 'undefined', 'NaN', '-1', '1e309', '<script>alert(1)</script>', "' OR 1=1 --", '${7*7}', '__proto__', 'constructor'),
);

const bodies = fc.oneof(
  fc.json({ maxDepth: 6 }),
  junkText,
  fc.constantFrom('null', 'true', '123', '"text"', '[]', '{}', '{"provider":123}', '{"provider":"nope"}', '{"code":null,"name":[]}', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":'),
  fc.integer({ min: 100, max: 30_000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.integer({ min: 100, max: 20_000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.constantFrom(65 * 1024, 70_000, 300_000).map((n) => `{"name":"${'x'.repeat(n)}"}`),
  fc.constantFrom(70_000, 1_200_000).map((n) => 'A'.repeat(n)),
);

const contentTypes = fc.constantFrom(
  undefined,
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=zzz',
  'application/xml',
  '*/*',
);

const queryPairs = fc.array(
  fc.oneof(
    fc.tuple(fc.constantFrom('limit', 'cursor', 'connectionId', 'reason', 'token', 'q', 'provider', 'entity', 'state', 'code'), junkText),
    fc.tuple(fc.constant('limit'), fc.constantFrom('-1', '0', 'abc', '1.5', '1e309', '99999999999999999999', '1001', '')),
    fc.tuple(
      fc.constant('cursor'),
      fc.constantFrom('v1:1', 'djE6LTE', 'djE6OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk', 'djI6MQ', '!!!', '====', 'djE6MQ==', 'dj\u00e9'),
    ),
    fc.tuple(junkText, junkText),
  ),
  { maxLength: 6 },
);

const wrongAuth = fc.oneof(
  fc.constant(undefined),
  ascii(300),
  ascii(100).map((s) => `Bearer ${s}`),
  ascii(100).map((s) => `Bearer llseat_${s}`),
  fc.constantFrom('Bearer', 'Bearer ', 'Basic YTpi', 'bearer  llseat_', 'Bearer llseat_a llseat_b'),
);

const extraHeaders = fc.dictionary(
  fc.constantFrom('x-forwarded-for', 'x-real-ip', 'accept', 'accept-encoding', 'if-none-match', 'idempotency-key', 'origin', 'cookie', 'x-http-method-override', 'intuit-signature', 'x-xero-signature'),
  ascii(300),
  { maxKeys: 4 },
);

const methods = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND', 'TRACE-ME');

/** Without a valid seat token: any route the app has (or a random path), any method, any input. */
function unauthenticated(): fc.Arbitrary<Generated> {
  const target = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...routes).chain((r) => fc.record({ method: fc.oneof(fc.constant(r.method), methods), path: fc.constant(r.path) })) },
    { weight: 1, arbitrary: fc.record({ method: methods, path: fc.array(junkText, { minLength: 1, maxLength: 5 }).map((parts) => `/${parts.map(encodeURIComponent).join('/')}`) }) },
    { weight: 1, arbitrary: fc.record({ method: methods, path: fc.array(junkText, { maxLength: 3 }).map((parts) => `/v1/${parts.map(encodeURIComponent).join('/')}`) }) },
  );
  return fc
    .record({ target, param: junkText, query: queryPairs, auth: wrongAuth, contentType: contentTypes, extra: extraHeaders, body: fc.option(bodies, { nil: undefined }) })
    .filter(({ target }) => !(target.method === 'GET' && (target.path === '/healthz' || target.path === '/openapi.json')))
    .map(({ target, param, query, auth, contentType, extra, body }) => ({
      kind: 'unauthenticated',
      method: target.method,
      path: fillPath(target.path, { id: param || 'x', provider: param || 'x' }),
      query,
      headers: { ...extra, ...(auth ? { authorization: auth } : {}), ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    }));
}

/** With a valid (member) seat token: inputs each route must reject — unknown ids, bad bodies, bad cursors and limits. */
function authenticated(token: string): fc.Arbitrary<Generated> {
  const seatRoutes = routes.filter((r) => !isPublic(r));
  const withParams = seatRoutes.filter((r) => r.path.includes(':'));
  const withBody = seatRoutes.filter((r) => !r.path.includes(':') && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
  const auth = { authorization: `Bearer ${token}` };
  const cases: fc.Arbitrary<Generated>[] = [
    // Unknown ids (never an id this workspace has), with any body.
    fc.record({ route: fc.constantFrom(...withParams), id: junkText, body: fc.option(bodies, { nil: undefined }), contentType: contentTypes, query: queryPairs }).map((g) => ({
      kind: 'unknown id',
      method: g.route.method,
      path: fillPath(g.route.path, { id: `nope-${g.id}` }),
      query: g.query,
      headers: { ...auth, ...(g.contentType ? { 'content-type': g.contentType } : {}) },
      body: g.route.method === 'GET' ? undefined : g.body,
    })),
    // Bodies that are not what the route takes (or a member calling an owner-only route).
    fc.record({ route: fc.constantFrom(...withBody), body: bodies, contentType: contentTypes }).map((g) => ({
      kind: 'bad body',
      method: g.route.method,
      path: g.route.path,
      query: [],
      headers: { ...auth, ...(g.contentType ? { 'content-type': g.contentType } : {}) },
      body: g.body,
    })),
    // Cursors this proxy never issued, limits out of range.
    fc
      .record({
        cursor: fc.oneof(junkText.filter((s) => s !== ''), fc.constantFrom('djE6LTE', 'djE6OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk', 'djI6MQ', 'v1:5', 'djE6MQ==', 'djE6IDE')),
        extra: queryPairs,
      })
      .map((g) => ({ kind: 'invalid cursor', method: 'GET', path: '/v1/feed', query: [['cursor', g.cursor] as [string, string], ...g.extra.filter(([k]) => k !== 'cursor')], headers: auth, body: undefined })),
    fc
      .record({ path: fc.constantFrom('/v1/feed', '/v1/sync-runs', '/v1/skipped-records'), limit: fc.constantFrom('-1', '0', 'abc', '1.5', '1e309', '99999999999999999999', '100000', ' ', '1_0', '+-1') })
      .map((g) => ({ kind: 'invalid limit', method: 'GET', path: g.path, query: [['limit', g.limit]], headers: auth, body: undefined })),
    // Oversize bodies on every route that takes one.
    fc.record({ route: fc.constantFrom(...seatRoutes.filter((r) => r.method !== 'GET')), size: fc.constantFrom(65 * 1024 + 1, 100_000, 2_000_000) }).map((g) => ({
      kind: 'oversize',
      method: g.route.method,
      path: fillPath(g.route.path, { id: 'nope' }),
      query: [],
      headers: { ...auth, 'content-type': 'application/json' },
      body: `{"x":"${'y'.repeat(g.size)}"}`,
    })),
  ];
  return fc.oneof(...cases);
}

function toRequest(g: Generated): Request | null {
  try {
    const search = new URLSearchParams(g.query).toString();
    const url = `http://proxy.test${g.path}${search ? `?${search}` : ''}`;
    const sendsBody = g.body !== undefined && g.method !== 'GET' && g.method !== 'HEAD';
    return new Request(url, sendsBody ? { method: g.method, headers: g.headers, body: g.body as string } : { method: g.method, headers: g.headers });
  } catch {
    return null; // not even a valid HTTP request (a header value no client could send): nothing to test
  }
}

function describeFailure(g: Generated, status: number, text: string): string {
  return `[${g.kind}] ${g.method} ${g.path.slice(0, 80)} q=${JSON.stringify(g.query).slice(0, 60)} body=${(g.body ?? '').length}B → ${status} ${text.slice(0, 160)}`;
}

describe('hostile input: generated malformed and oversize requests', () => {
  it(`${RUNS.toLocaleString('en-US')} requests → always a 4xx with the error shape, never a 5xx`, async () => {
    const arbitrary = fc.oneof({ weight: 3, arbitrary: unauthenticated() }, { weight: 2, arbitrary: authenticated(member.token as string) });
    const samples = fc.sample(arbitrary, { numRuns: RUNS, seed: SEED });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const kinds = new Map<string, number>();
    let sent = 0;
    let unsendable = 0;
    const started = Date.now();
    for (let i = 0; i < samples.length; i += CONCURRENCY) {
      await Promise.all(
        samples.slice(i, i + CONCURRENCY).map(async (g) => {
          const request = toRequest(g);
          if (!request) {
            unsendable += 1;
            return;
          }
          sent += 1;
          kinds.set(g.kind, (kinds.get(g.kind) ?? 0) + 1);
          let response: Response;
          try {
            response = await app.request(request);
          } catch (error) {
            failures.push(describeFailure(g, -1, `threw ${(error as Error).name}: ${(error as Error).message}`));
            return;
          }
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const text = await response.text();
          if (response.status < 400 || response.status >= 500) {
            failures.push(describeFailure(g, response.status, text));
            return;
          }
          // Everything under /oauth/ is where a person's browser lands (provider redirects, the tenant picker, Intuit's
          // Disconnect URL): those answer with an HTML page a person can read, still with a 4xx status.
          const htmlCallback = /^\/oauth\//.test(new URL(request.url).pathname) && (response.headers.get('content-type') ?? '').includes('text/html');
          const xeroIntent = request.method === 'POST' && new URL(request.url).pathname === '/webhooks/xero' && response.status === 401 && text === '';
          if (htmlCallback || xeroIntent) return;
          type Shape = { error?: { code?: unknown; message?: unknown } } | null;
          const body = ((): Shape => {
            try {
              return JSON.parse(text) as Shape;
            } catch {
              return null; // not JSON: reported below
            }
          })();
          const code = body?.error?.code;
          if (typeof code !== 'string' || !(ERROR_CODES as readonly string[]).includes(code) || typeof body?.error?.message !== 'string') {
            failures.push(describeFailure(g, response.status, `no error shape: ${text}`));
          }
        }),
      );
    }
    const seconds = (Date.now() - started) / 1000;
    // The app still answers after the barrage.
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    console.info(
      `hostile input: ${sent} requests sent (${unsendable} generated values not sendable as HTTP) in ${seconds.toFixed(1)} s; ` +
        `by kind ${JSON.stringify(Object.fromEntries(kinds))}; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}; ` +
        `${failures.length} failures`,
    );
    // 5xx first: they are the bugs; the rest are answers that should have been refusals.
    const ordered = [...failures.filter((f) => / → 5\d\d | threw /.test(f)), ...failures.filter((f) => !/ → 5\d\d | threw /.test(f))];
    expect(ordered.slice(0, 30)).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(RUNS * 0.98);
  });
});
