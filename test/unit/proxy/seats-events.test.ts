import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../../lib/model';
import { ApiErrorSchema, PairingCodeResponseSchema, PairResponseSchema, SeatsResponseSchema } from '../../../lib/proxy-api';
import { createApp, type ProxyApp } from '../../../proxy-server/app';
import { createMemoryEventBus } from '../../../proxy-server/events/event-bus';
import { createEventHub, type EventHub } from '../../../proxy-server/events/event-hub';
import { createTokenService } from '../../../proxy-server/providers/token-refresh';
import { encodeCursor } from '../../../proxy-server/routes/feed';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import { createSyncService } from '../../../proxy-server/sync/sync-service';

/** Seat management, the per-seat rate limit and the event stream, in-process on an in-memory store. */
let store: Store;
let app: ProxyApp;
let hub: EventHub;
let workspaceId: string;
let owner: string;
let member: { token: string; id: string };
let now = Date.parse('2026-03-01T00:00:00Z');
const clock = { now: () => now };

async function pairWith(code: string, name: string) {
  const res = await app.request('/v1/pair', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  expect(res.status).toBe(201);
  return PairResponseSchema.parse(await res.json());
}

const as = (token: string, init: RequestInit = {}) => ({ ...init, headers: { Authorization: `Bearer ${token}`, ...init.headers } });

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(ApiErrorSchema.parse(await res.json()).error.code).toBe(code);
}

beforeAll(async () => {
  const bus = createMemoryEventBus();
  store = createStore(await openDb({ kind: 'pglite' }), createVault(Buffer.alloc(32, 3)), bus);
  workspaceId = (await store.workspaces.ensureDefault(clock.now())).id;
  hub = createEventHub({ bus, latestCursor: async (id) => encodeCursor(await store.mirror.latestSeq(id)), coalesceMs: 10 });
  const tokens = createTokenService({ store, providers: {}, clock });
  app = createApp({
    store,
    providers: {},
    clock,
    tokens,
    sync: createSyncService({ store, providers: {}, tokens, clock }),
    workspaceId,
    adminToken: null,
    extensionOrigins: null,
    events: hub,
    heartbeatMs: 50,
    seatRequestsPerMinute: 30,
  });
  owner = (await pairWith((await store.pairingCodes.issue(workspaceId, clock.now())).code, 'Owner')).token;
}, 60_000);

afterAll(async () => {
  hub?.close();
  await store?.close();
});

describe('seats', () => {
  it('lets the owner issue pairing codes that pair members', async () => {
    const res = await app.request('/v1/pairing-codes', as(owner, { method: 'POST' }));
    expect(res.status).toBe(201);
    const { code } = PairingCodeResponseSchema.parse(await res.json());
    const paired = await pairWith(code, 'Member');
    expect(paired.seat.role).toBe('member');
    member = { token: paired.token, id: paired.seat.id };
  });

  it('refuses members: codes, listing and revoking others are owner-only', async () => {
    await expectError(await app.request('/v1/pairing-codes', as(member.token, { method: 'POST' })), 403, 'forbidden');
    await expectError(await app.request('/v1/seats', as(member.token)), 403, 'forbidden');
    const ownerId = (await store.seats.list(workspaceId)).find((s) => s.role === 'owner')?.id ?? '';
    await expectError(await app.request(`/v1/seats/${ownerId}`, as(member.token, { method: 'DELETE' })), 403, 'forbidden');
    await expectError(await app.request(`/v1/seats/${ownerId}`, as(owner, { method: 'DELETE' })), 409, 'conflict');
  });

  it('lists seats for the owner', async () => {
    const res = await app.request('/v1/seats', as(owner));
    const { seats } = SeatsResponseSchema.parse(await res.json());
    expect(seats.map((s) => [s.name, s.role, s.current, s.revokedAt])).toEqual([
      ['Owner', 'owner', true, null],
      ['Member', 'member', false, null],
    ]);
  });

  it('revokes a seat: its next request is 401, its event stream ends, and it shows as revoked', async () => {
    const stream = await app.request('/v1/events', as(member.token));
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    await reader.read(); // the opening feed event
    expect((await app.request(`/v1/seats/${member.id}`, as(owner, { method: 'DELETE' }))).status).toBe(204);
    await expectError(await app.request('/v1/me', as(member.token)), 401, 'unauthorized');
    for (;;) if ((await reader.read()).done) break; // ended by the revocation
    const { seats } = SeatsResponseSchema.parse(await (await app.request('/v1/seats', as(owner))).json());
    expect(seats.find((s) => s.id === member.id)?.revokedAt).not.toBeNull();
    await expectError(await app.request(`/v1/seats/${member.id}`, as(owner, { method: 'DELETE' })), 404, 'not_found');
  });

  it('limits each seat to its request budget with 429, Retry-After and the error shape', async () => {
    now += 120_000; // a fresh window
    const code = (await store.pairingCodes.issue(workspaceId, clock.now())).code;
    const busy = (await pairWith(code, 'Busy')).token;
    for (let i = 0; i < 30; i += 1) expect((await app.request('/v1/me', as(busy))).status).toBe(200);
    const limited = await app.request('/v1/me', as(busy));
    expect(limited.headers.get('retry-after')).toBe('60');
    await expectError(limited, 429, 'rate_limited');
    expect((await app.request('/v1/me', as(owner))).status).toBe(200); // other seats are not affected
    now += 60_000;
    expect((await app.request('/v1/me', as(busy))).status).toBe(200);
  });
});

function customer(id: string, balance: string, connectionId: string): Customer {
  return {
    provider: 'qbo', companyId: 'r1', connectionId, id, displayName: `C ${id}`, companyName: null, givenName: null,
    familyName: null, emails: [], phone: null, billingAddress: null, shippingAddress: null, currency: 'USD', balance,
    overdue: null, active: true, parentId: null, updatedAt: '2026-01-01T00:00:00.000Z', webUrl: 'https://x.test/',
  };
}

/** Reads SSE events (name + parsed data) off a response body; comments come back as `comment`. */
function sseReader(res: Response) {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const next = async (): Promise<{ event: string; data: unknown }> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(':')) return { event: 'comment', data: block };
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        return { event, data: data === undefined ? null : JSON.parse(data) };
      }
      const chunk = await reader.read();
      if (chunk.done) throw new Error('stream ended');
      buffer += chunk.value;
    }
  };
  return { next, cancel: () => reader.cancel() };
}

describe('GET /v1/events', () => {
  it('refuses a missing token, and takes ?token= only on this route', async () => {
    await expectError(await app.request('/v1/events'), 401, 'unauthorized');
    await expectError(await app.request(`/v1/me?token=${owner}`), 401, 'unauthorized');
  });

  it('opens with the current cursor, then announces feed moves, connection changes and heartbeats', async () => {
    const res = await app.request(`/v1/events?token=${owner}`);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const { next, cancel } = sseReader(res);
    const first = await next();
    expect(first).toEqual({ event: 'feed', data: { cursor: encodeCursor(await store.mirror.latestSeq(workspaceId)) } });

    const seat = (await store.seats.list(workspaceId))[0]!;
    const conn = await store.connections.upsertWithTokens({
      workspaceId, provider: 'qbo', companyId: 'r1', companyName: 'Acme', currency: 'USD', seatId: seat.id,
      tokens: { accessToken: 'a', refreshToken: 'r', accessExpiresAt: now + 3600_000, refreshExpiresAt: null },
      now,
    });
    const scope = { workspaceId, connectionId: conn.id, provider: 'qbo', companyId: 'r1' };
    await store.mirror.upsertCustomers(scope, [customer('1', '5', conn.id), customer('2', '6', conn.id)], now);
    await store.connections.setStatus(conn.id, { status: 'connected' });
    await store.connections.setStatus(conn.id, { status: 'connected' }); // no transition: no event

    const seen: { event: string; data: unknown }[] = [];
    while (seen.filter((e) => e.event !== 'comment').length < 3) seen.push(await next());
    const events = seen.filter((e) => e.event !== 'comment');
    expect(events).toContainEqual({ event: 'connections', data: { connectionId: conn.id, status: 'syncing' } });
    expect(events).toContainEqual({ event: 'connections', data: { connectionId: conn.id, status: 'connected' } });
    expect(events).toContainEqual({ event: 'feed', data: { cursor: encodeCursor(await store.mirror.latestSeq(workspaceId)) } });
    let e = await next();
    while (e.event !== 'comment') e = await next();
    expect(e.data).toBe(': heartbeat');
    await cancel();
  });
});
