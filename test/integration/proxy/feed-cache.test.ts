import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pair, startTestProxy, type Api } from './helpers';

/**
 * The feed page cache (proxy-server/feed/feed-cache.ts) over real HTTP: a seat that pulls right after each SSE
 * `feed` event never gets a page from before the change the event announced — neither from the start of the feed
 * nor from the cursor it held — while its other pulls are served from the cache, gzipped.
 */
type Proxy = Awaited<ReturnType<typeof startTestProxy>>;
let stack: Proxy;
let api: Api;
let scope: { workspaceId: string; connectionId: string; provider: string; companyId: string };
const now = Date.parse('2026-03-01T00:00:00Z');

const customer = (id: string, balance: number, connectionId: string) => ({
  provider: 'qbo', companyId: 'r1', id, displayName: `Customer ${id}`, emails: [], currency: 'USD',
  balance: String(balance), overdue: '0', active: true, updatedAt: new Date(now + balance * 1000).toISOString(), connectionId,
});

interface Page { items: { op: string; entity: string; data?: { id: string; balance: string } }[]; cursor: string; hasMore: boolean }

async function feed(cursor = '', limit = 3): Promise<{ page: Page; encoding: string | null }> {
  const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
  // Node's fetch sends Accept-Encoding: gzip, deflate and decodes the body, as the extension's fetch does.
  const response = await api.request('GET', `/v1/feed?${query}`);
  expect(response.status).toBe(200);
  return { page: (await response.json()) as Page, encoding: response.headers.get('content-encoding') };
}

async function balancesFrom(cursor = ''): Promise<{ balances: Record<string, string>; cursor: string }> {
  const balances: Record<string, string> = {};
  for (;;) {
    const { page } = await feed(cursor);
    for (const item of page.items) if (item.op === 'upsert' && item.data) balances[item.data.id] = item.data.balance;
    cursor = page.cursor;
    if (!page.hasMore) return { balances, cursor };
  }
}

/** An SSE reader over fetch: yields each `feed` event's cursor. */
async function openEvents(token: string) {
  const response = await fetch(`${stack.proxy.url}/v1/events`, { headers: { Authorization: `Bearer ${token}` } });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  return {
    async nextFeedCursor(timeoutMs = 10_000): Promise<string> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.+)$/m.exec(block)?.[1];
          const data = /^data: (.+)$/m.exec(block)?.[1];
          if (event === 'feed' && data) return (JSON.parse(data) as { cursor: string }).cursor;
          continue;
        }
        if (Date.now() > deadline) throw new Error('no feed event in time');
        const { value, done } = await reader.read();
        if (done) throw new Error('event stream ended');
        buffer += value;
      }
    },
    cancel: () => reader.cancel().catch(() => undefined),
  };
}

beforeAll(async () => {
  stack = await startTestProxy({}, { providers: () => ({}), sync: { schedulerTickMs: false } });
  api = await pair(stack.proxy, 'Cache seat');
  const store = stack.proxy.store;
  const workspaceId = (await store.workspaces.ensureDefault(now)).id;
  const seat = (await store.seats.list(workspaceId))[0]!;
  const conn = await store.connections.upsertWithTokens({
    workspaceId, provider: 'qbo', companyId: 'r1', companyName: 'Acme', currency: 'USD', seatId: seat.id,
    tokens: { accessToken: 'a', refreshToken: 'r', accessExpiresAt: now + 3600_000, refreshExpiresAt: null },
    now,
  });
  scope = { workspaceId, connectionId: conn.id, provider: 'qbo', companyId: 'r1' };
  const ids = Array.from({ length: 10 }, (_, i) => String(i + 1));
  await store.mirror.upsertRecords(scope, 'customer', ids.map((id) => customer(id, 1, conn.id)), now);
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

describe('feed cache across SSE feed events', () => {
  it('serves cached pages gzipped, and after every feed event the seat sees the change', async () => {
    const events = await openEvents(api.token!);
    try {
      let held = await events.nextFeedCursor(); // the stream opens with the current cursor
      const start = await balancesFrom();
      expect(Object.keys(start.balances)).toHaveLength(10);
      expect((await feed()).encoding).toBe('gzip');
      const hitsBefore = (await balancesFrom()).balances; // the same pages again: from the cache
      expect(hitsBefore).toEqual(start.balances);

      for (let round = 2; round <= 6; round += 1) {
        const id = String(((round * 3) % 10) + 1);
        await stack.proxy.store.mirror.upsertRecords(scope, 'customer', [customer(id, round, scope.connectionId)], now);
        // Wait for the event that announces this change (a cursor past the one the seat holds).
        let announced = await events.nextFeedCursor();
        while (announced === held) announced = await events.nextFeedCursor();
        const fromStart = await balancesFrom();
        expect(fromStart.balances[id], `round ${round}: pulled from the start`).toBe(String(round));
        expect(fromStart.cursor).toBe(announced);
        const fromHeld = await balancesFrom(held);
        expect(fromHeld.balances, `round ${round}: pulled from the held cursor`).toEqual({ [id]: String(round) });
        held = announced;
      }
    } finally {
      await events.cancel();
    }
  });
});
