import type { Connection, Customer, FeedItem, Seat } from '../../../../lib/model';
import { recordKey } from '../../../../lib/model';

/** An in-memory proxy speaking lib/proxy-api.ts over a fetch function, for background and client tests. */

export function customer(overrides: Partial<Customer> & { id: string }): Customer {
  return {
    provider: 'qbo',
    companyId: 'realm-1',
    connectionId: 'conn-1',
    displayName: `Customer ${overrides.id}`,
    companyName: null,
    givenName: null,
    familyName: null,
    emails: [],
    phone: null,
    billingAddress: null,
    shippingAddress: null,
    currency: 'USD',
    balance: '0',
    overdue: null,
    active: true,
    parentId: null,
    updatedAt: '2025-11-01T00:00:00.000Z',
    webUrl: `https://app.sandbox.qbo.example/app/customerdetail?nameId=${overrides.id}`,
    ...overrides,
  };
}

export function connection(overrides: Partial<Connection> = {}): Connection {
  return {
    id: 'conn-1',
    provider: 'qbo',
    companyId: 'realm-1',
    companyName: 'Sandbox Company US',
    currency: 'USD',
    status: 'connected',
    statusMessage: null,
    progress: null,
    lastSyncAt: '2025-11-20T10:00:00.000Z',
    createdAt: '2025-11-20T09:00:00.000Z',
    ...overrides,
  };
}

export const upsert = (c: Customer): FeedItem => ({ op: 'upsert', entity: 'customer', key: recordKey(c), data: c });
export const remove = (c: Customer): FeedItem => ({
  op: 'delete',
  entity: 'customer',
  key: recordKey(c),
  connectionId: c.connectionId,
});

export const SEAT: Seat = {
  id: 'seat-1',
  workspaceId: 'ws-1',
  name: 'Chrome on Linux',
  role: 'owner',
  createdAt: '2025-11-20T09:00:00.000Z',
};

export interface FakeProxy {
  fetch: typeof fetch;
  log: string[];
  feed: FeedItem[];
  connections: Connection[];
  codes: Set<string>;
  token: string;
  /** When set, every request fails like a refused connection. */
  down: boolean;
  /** Feed requests fail (network) once this many pages were served; null = never. */
  failFeedAfterPages: number | null;
  feedPagesServed: number;
  /** When set, each feed request waits for this promise before answering (a pull held in flight). */
  feedGate: Promise<void> | null;
  pageSize: number;
  lastPairName: string | null;
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const apiError = (status: number, code: string, message: string) => json(status, { error: { code, message } });

export function createFakeProxy(init: Partial<Pick<FakeProxy, 'feed' | 'connections' | 'pageSize'>> = {}): FakeProxy {
  const proxy: FakeProxy = {
    log: [],
    feed: init.feed ?? [],
    connections: init.connections ?? [],
    codes: new Set(['PAIR-1234']),
    token: 'seat-token-1',
    down: false,
    failFeedAfterPages: null,
    feedPagesServed: 0,
    feedGate: null,
    pageSize: init.pageSize ?? 2,
    lastPairName: null,
    fetch: async (input, init2) => {
      const request = input instanceof Request ? input : new Request(input, init2);
      const url = new URL(request.url);
      proxy.log.push(`${request.method} ${url.pathname}${url.search}`);
      if (proxy.down) throw new TypeError('fetch failed');
      const path = url.pathname;
      if (request.method === 'POST' && path === '/v1/pair') {
        const body = (await request.json()) as { code: string; name: string };
        if (!proxy.codes.has(body.code)) return apiError(400, 'invalid_pairing_code', 'Unknown or used pairing code.');
        proxy.codes.delete(body.code);
        proxy.lastPairName = body.name;
        return json(200, { token: proxy.token, seat: SEAT });
      }
      if (request.headers.get('authorization') !== `Bearer ${proxy.token}`) {
        return apiError(401, 'unauthorized', 'Seat token missing or revoked.');
      }
      if (request.method === 'GET' && path === '/v1/me') return json(200, { seat: SEAT });
      if (request.method === 'GET' && path === '/v1/connections') return json(200, { connections: proxy.connections });
      if (request.method === 'POST' && path === '/v1/connections/authorize') {
        return json(200, {
          authorizeUrl: 'http://127.0.0.1:4100/qbo/connect/oauth2?state=abc',
          expiresAt: new Date(Date.now() + 600_000).toISOString(),
        });
      }
      const conn = /^\/v1\/connections\/([^/]+)(\/sync)?$/.exec(path);
      if (conn) {
        const found = proxy.connections.find((c) => c.id === decodeURIComponent(conn[1]!));
        if (!found) return apiError(404, 'not_found', 'No such connection.');
        if (request.method === 'DELETE' && !conn[2]) {
          proxy.connections = proxy.connections.filter((c) => c !== found);
          return new Response(null, { status: 204 });
        }
        if (request.method === 'POST' && conn[2]) {
          found.status = 'syncing';
          return json(202, { connection: found });
        }
      }
      if (request.method === 'GET' && path === '/v1/feed') {
        if (proxy.feedGate) await proxy.feedGate;
        if (proxy.failFeedAfterPages !== null && proxy.feedPagesServed >= proxy.failFeedAfterPages) {
          throw new TypeError('fetch failed');
        }
        const start = Number(url.searchParams.get('cursor') ?? '0');
        const items = proxy.feed.slice(start, start + proxy.pageSize);
        const next = start + items.length;
        proxy.feedPagesServed += 1;
        return json(200, { items, cursor: String(next), hasMore: next < proxy.feed.length });
      }
      return apiError(404, 'not_found', 'Unknown route.');
    },
  };
  return proxy;
}
