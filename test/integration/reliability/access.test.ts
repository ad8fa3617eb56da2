import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../proxy-server/errors';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, connections, consent, pair, startTestProxy, waitFor } from '../proxy/helpers';
import { appFor, fillPath, isPublic, routesOf, type RouteEntry } from './routes';

/**
 * Issue 7, suite item 5 (access): every seat route refuses a missing, wrong and revoked token with 401; web origins
 * get no CORS headers and cannot change state; OAuth callbacks with a missing, wrong, expired or replayed state are
 * refused and create nothing. The route list comes from the app (routes.ts), so a new route is covered automatically.
 */
let sandbox: RunningSandbox;
let harness: Awaited<ReturnType<typeof startTestProxy>>;
let owner: Api;
let member: Api;
let revoked: Api;
let routes: RouteEntry[];
let seatRoutes: RouteEntry[];
let ids: Record<string, string>;
const offset = { ms: 0 };
const counts = { checked: 0 };

const WEB_ORIGIN = 'https://evil.example';
const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

function isErrorShape(body: unknown, code?: string): boolean {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  return (
    typeof error?.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(error.code) &&
    typeof error.message === 'string' &&
    (code === undefined || error.code === code)
  );
}

/** One request; an SSE stream that opens is aborted at once (its status is what matters). */
async function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const controller = new AbortController();
  const response = await fetch(`${harness.proxy.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: controller.signal,
  });
  const type = response.headers.get('content-type') ?? '';
  let parsed: unknown = null;
  if (type.includes('text/event-stream')) controller.abort();
  else {
    const text = await response.text();
    parsed = type.includes('application/json') && text ? JSON.parse(text) : text;
  }
  counts.checked += 1;
  return { status: response.status, headers: response.headers, body: parsed };
}

const bodyFor = (route: RouteEntry) => (route.method === 'POST' ? { provider: 'qbo', code: 'ABCD-EFGH', name: 'x' } : undefined);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  harness = await startTestProxy({ SANDBOX_URL: sandbox.url }, { clock: { now: () => Date.now() + offset.ms } });
  owner = await pair(harness.proxy, 'Owner');
  member = await pair(harness.proxy, 'Member');
  revoked = await pair(harness.proxy, 'Revoked');
  const revokedSeat = ((await revoked.json('GET', '/v1/me')) as { seat: { id: string } }).seat;
  expect((await owner.request('DELETE', `/v1/seats/${revokedSeat.id}`)).status).toBe(204);
  const workspace = await harness.proxy.store.workspaces.ensureDefault(Date.now());
  routes = routesOf(appFor(harness.proxy, workspace.id));
  seatRoutes = routes.filter((r) => !isPublic(r));
  const memberSeat = ((await member.json('GET', '/v1/me')) as { seat: { id: string } }).seat;
  ids = { id: memberSeat.id, provider: 'qbo' };
});

afterAll(async () => {
  await harness?.close();
  await sandbox?.close();
});

describe('access: the seat token', () => {
  it('the route table is read from the app, and every route outside the documented public list is a seat route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(10);
    // A new public route must be added to PUBLIC_ROUTES with its reason, or it is tested as a seat route below.
    expect(seatRoutes.every((r) => r.path.startsWith('/v1/'))).toBe(true);
  });

  it('every seat route answers 401 with the error shape without a token, with a wrong one, and with a revoked one', async () => {
    const failures: string[] = [];
    const credentials: Record<string, Record<string, string>> = {
      none: {},
      'wrong token': { Authorization: 'Bearer llseat_thisIsNotARealSeatTokenAtAll0000000000000' },
      'not a bearer': { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      'revoked token': { Authorization: `Bearer ${revoked.token}` },
    };
    for (const route of seatRoutes) {
      for (const [label, headers] of Object.entries(credentials)) {
        const path = fillPath(route.path, ids);
        const response = await call(route.method, path, headers, bodyFor(route));
        if (response.status !== 401 || !isErrorShape(response.body, 'unauthorized')) {
          failures.push(`${route.method} ${path} (${label}) → ${response.status} ${JSON.stringify(response.body).slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('the query-string token of the SSE route is refused when wrong or revoked, and nowhere else accepted', async () => {
    for (const token of ['llseat_wrong', revoked.token as string]) {
      const response = await call('GET', `/v1/events?token=${encodeURIComponent(token)}`, {});
      expect(response.status).toBe(401);
    }
    // A valid token in the query string is not a credential on any other route.
    for (const route of seatRoutes.filter((r) => r.method === 'GET' && r.path !== '/v1/events')) {
      const response = await call('GET', `${fillPath(route.path, ids)}?token=${encodeURIComponent(owner.token as string)}`, {});
      expect(response.status, route.path).toBe(401);
    }
  });

  it('webhook routes refuse a missing or wrong signature with 401', async () => {
    const body = JSON.stringify({ eventNotifications: [], events: [] });
    for (const route of routes.filter((r) => r.path.startsWith('/webhooks/'))) {
      for (const headers of [{}, { 'intuit-signature': 'AAAA', 'x-xero-signature': 'AAAA' }]) {
        const response = await fetch(`${harness.proxy.url}${route.path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
        counts.checked += 1;
        expect(response.status, route.path).toBe(401);
      }
    }
  });

  it('the admin route refuses a missing or wrong admin token', async () => {
    for (const headers of [{}, { Authorization: 'Bearer wrong-admin-token' }, { Authorization: `Bearer ${owner.token}` }]) {
      const response = await call('POST', '/admin/pairing-codes', headers);
      expect(response.status).toBe(401);
      expect(isErrorShape(response.body, 'unauthorized')).toBe(true);
    }
  });
});

describe('access: web origins', () => {
  it('no route gives CORS headers to a web origin (requests and preflights); the extension origin gets them', async () => {
    const leaks: string[] = [];
    for (const route of routes) {
      const path = fillPath(route.path, ids);
      const preflight = await call('OPTIONS', path, {
        Origin: WEB_ORIGIN,
        'Access-Control-Request-Method': route.method,
        'Access-Control-Request-Headers': 'authorization,content-type',
      });
      if (preflight.headers.get('access-control-allow-origin')) leaks.push(`OPTIONS ${path}`);
      const response = await call(route.method, path, { Origin: WEB_ORIGIN, Authorization: `Bearer ${owner.token}` }, bodyFor(route));
      if (response.headers.get('access-control-allow-origin')) leaks.push(`${route.method} ${path}`);
    }
    expect(leaks).toEqual([]);
    const extension = await call('GET', '/v1/me', { Origin: EXTENSION_ORIGIN, Authorization: `Bearer ${owner.token}` });
    expect(extension.status).toBe(200);
    expect(extension.headers.get('access-control-allow-origin')).toBe(EXTENSION_ORIGIN);
  });

  it('every state-changing route refuses a web origin with 403 forbidden_origin, even with a valid token, and nothing changes', async () => {
    // Public routes answer for themselves (pairing code, admin token, webhook signature): below, 4xx and no effect.
    const stateChanging = routes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method) && !r.path.startsWith('/webhooks/'));
    expect(stateChanging.length).toBeGreaterThanOrEqual(5);
    const seatsBefore = await harness.proxy.store.seats.list((await harness.proxy.store.workspaces.ensureDefault(Date.now())).id);
    for (const route of stateChanging) {
      for (const origin of [WEB_ORIGIN, 'null', 'http://127.0.0.1:1234']) {
        const response = await call(route.method, fillPath(route.path, ids), { Origin: origin, Authorization: `Bearer ${owner.token}` }, bodyFor(route));
        expect(response.status, `${route.method} ${route.path} from ${origin}`).toBe(403);
        // /oauth/* pages answer a person's browser with an HTML page (still 403); the API answers with the error shape.
        if (!route.path.startsWith('/oauth/')) expect(isErrorShape(response.body, 'forbidden_origin')).toBe(true);
      }
    }
    const seatsAfter = await harness.proxy.store.seats.list((await harness.proxy.store.workspaces.ensureDefault(Date.now())).id);
    expect(seatsAfter).toEqual(seatsBefore); // the member seat targeted by DELETE /v1/seats/:id is still active
    expect(await connections(owner)).toEqual([]);
  });
});

describe('access: OAuth callback state', () => {
  const callbackUrl = (provider: string, params: Record<string, string>) =>
    `${harness.proxy.url}/oauth/${provider}/callback?${new URLSearchParams({ code: 'sandbox-code', realmId: '123', ...params })}`;

  async function authorizeUrl(api: Api, provider = 'qbo'): Promise<URL> {
    const { authorizeUrl } = (await api.json('POST', '/v1/connections/authorize', { provider })) as { authorizeUrl: string };
    return new URL(authorizeUrl);
  }

  async function expectRefused(url: string) {
    const response = await fetch(url);
    const html = await response.text();
    expect(response.status, html).toBe(400);
    expect(await connections(owner)).toEqual([]);
  }

  it('refuses a missing, empty, wrong, over-long or other-provider state, and creates no connection', async () => {
    const issued = (await authorizeUrl(owner)).searchParams.get('state') as string;
    await expectRefused(callbackUrl('qbo', {}));
    await expectRefused(callbackUrl('qbo', { state: '' }));
    await expectRefused(callbackUrl('qbo', { state: 'not-a-state-this-proxy-issued' }));
    await expectRefused(callbackUrl('qbo', { state: `${issued}x` }));
    await expectRefused(callbackUrl('qbo', { state: 'a'.repeat(5000) }));
    if (harness.proxy.providers.xero) await expectRefused(callbackUrl('xero', { state: issued }));
  });

  it('refuses an expired state, even with the real code from the consent page', async () => {
    const url = await authorizeUrl(owner);
    const callback = await consent(url.toString());
    offset.ms = 11 * 60 * 1000; // OAuth states live 10 minutes
    try {
      await expectRefused(callback.toString());
    } finally {
      offset.ms = 0;
    }
  });

  it('refuses a replayed callback: the first use connects, the replay is refused and changes nothing', async () => {
    const callback = await consent((await authorizeUrl(owner)).toString());
    const first = await fetch(callback);
    expect(first.status, await first.text()).toBe(200);
    const [connection] = await waitFor('the connection', async () => {
      const list = await connections(owner);
      return list.length ? list : undefined;
    });
    await harness.proxy.sync.idle();
    const tokensBefore = await harness.proxy.store.connections.getTokens(connection!.id);
    const replay = await fetch(callback);
    expect(replay.status, await replay.text()).toBe(400);
    expect((await connections(owner)).map((c) => c.id)).toEqual([connection!.id]);
    const tokensAfter = await harness.proxy.store.connections.getTokens(connection!.id);
    expect(tokensAfter?.version).toBe(tokensBefore?.version);
    expect(tokensAfter?.tokens.accessToken).toBe(tokensBefore?.tokens.accessToken);
  });

  it('records how many requests the suite made', () => {
    // Reported in docs/RELIABILITY.md.
    console.info(`access suite: ${routes.length} routes (${seatRoutes.length} behind the seat token), ${counts.checked} requests`);
    expect(counts.checked).toBeGreaterThan(seatRoutes.length * 4);
  });
});
