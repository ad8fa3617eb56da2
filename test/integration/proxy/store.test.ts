import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../../lib/model';
import type { Db } from '../../../proxy-server/store/db';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import { MIGRATIONS, migrate } from '../../../proxy-server/store/migrations';
import { createTokenService } from '../../../proxy-server/providers/token-refresh';
import { ProviderError, type ProviderClient, type ProviderTokens } from '../../../proxy-server/providers/provider-client';
import { createVault } from '../../../proxy-server/security/vault';
import { tempDir } from './helpers';

/** The same repository behaviour on both drivers: embedded PGlite and a real PostgreSQL server. */
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgReachable(): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${PG_URL} (${(error as Error).message}). The store tier needs a server: ` +
        `apt-get install -y postgresql, start it (pg_ctlcluster 15 main start, or service postgresql start), ` +
        `allow trust auth for 127.0.0.1 and create the database: createdb -U postgres test.`,
      { cause: error },
    );
  }
}

const drivers: { name: string; open(): Promise<{ db: Db; cleanup(): Promise<void> }> }[] = [
  {
    name: 'pglite',
    async open() {
      const dir = tempDir('ledgerlens-store-');
      const db = await openDb({ kind: 'pglite', dataDir: dir.path });
      return { db, cleanup: async () => dir.remove() };
    },
  },
  {
    name: 'postgresql',
    async open() {
      await pgReachable();
      const schema = `ll_test_${randomBytes(6).toString('hex')}`;
      const db = await openDb({ kind: 'pg', connectionString: PG_URL, schema });
      return {
        db,
        async cleanup() {
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          await client.query(`DROP SCHEMA "${schema}" CASCADE`);
          await client.end();
        },
      };
    },
  },
];

function customer(id: string, balance: string, connectionId: string): Customer {
  return {
    provider: 'qbo',
    companyId: 'realm1',
    connectionId,
    id,
    displayName: `Customer ${id}`,
    companyName: null,
    givenName: null,
    familyName: null,
    emails: [`c${id}@example.com`],
    phone: null,
    billingAddress: null,
    shippingAddress: null,
    currency: 'USD',
    balance,
    overdue: null,
    active: true,
    parentId: null,
    updatedAt: '2026-01-01T00:00:00.000Z',
    webUrl: `https://app.qbo.intuit.com/app/customerdetail?nameId=${id}`,
  };
}

const tokens = (n: number): ProviderTokens => ({
  accessToken: `AT${n}`,
  refreshToken: `RT${n}`,
  accessExpiresAt: Date.now() - 1000,
  refreshExpiresAt: null,
});

describe.each(drivers)('store on $name', (driver) => {
  let db: Db;
  let store: Store;
  let cleanup: () => Promise<void>;
  let workspaceId: string;

  beforeAll(async () => {
    ({ db, cleanup } = await driver.open());
    store = createStore(db, createVault(randomBytes(32)));
    workspaceId = (await store.workspaces.ensureDefault(Date.now())).id;
  });
  afterAll(async () => {
    await store?.close();
    await cleanup?.();
  });

  it('records every migration once; migrating again is a no-op', async () => {
    const rows = await db.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
  });

  it('keeps one workspace and makes only the first seat the owner', async () => {
    expect((await store.workspaces.ensureDefault(Date.now())).id).toBe(workspaceId);
    const [a, b] = await Promise.all([
      store.seats.create({ workspaceId, name: 'A', tokenHash: 'h-a', now: Date.now() }),
      store.seats.create({ workspaceId, name: 'B', tokenHash: 'h-b', now: Date.now() }),
    ]);
    expect([a?.role, b?.role].sort()).toEqual(['member', 'owner']);
    expect((await store.seats.findActiveByTokenHash('h-a'))?.name).toBe('A');
  });

  it('stores tokens encrypted, and the feed orders changes by seq with only real changes', async () => {
    const seat = await store.seats.create({ workspaceId, name: 'C', tokenHash: 'h-c', now: Date.now() });
    const conn = await store.connections.upsertWithTokens({
      workspaceId,
      provider: 'qbo',
      companyId: 'realm1',
      companyName: 'Acme',
      currency: 'USD',
      seatId: seat.id,
      tokens: tokens(1),
      now: Date.now(),
    });
    const raw = await db.query('SELECT sealed FROM connection_tokens');
    expect(JSON.stringify(raw)).not.toContain('RT1');
    expect((await store.connections.getTokens(conn.id))?.tokens.refreshToken).toBe('RT1');

    const scope = { workspaceId, connectionId: conn.id, provider: 'qbo', companyId: 'realm1' };
    const ids = Array.from({ length: 25 }, (_, i) => String(i + 1));
    expect(await store.mirror.upsertCustomers(scope, ids.map((id) => customer(id, '10', conn.id)), Date.now())).toBe(25);
    expect(await store.mirror.upsertCustomers(scope, ids.map((id) => customer(id, '10', conn.id)), Date.now())).toBe(0);
    const first = await store.mirror.feed(workspaceId, 0n, 1000);
    expect(first.items.map((i) => (i.op === 'upsert' && i.entity === 'customer' ? i.data.id : ''))).toEqual(ids);

    expect(await store.mirror.upsertCustomers(scope, [customer('3', '12.5', conn.id)], Date.now())).toBe(1);
    expect(await store.mirror.tombstoneMissing(scope, ids.filter((id) => id !== '7'), Date.now())).toBe(1);
    const next = await store.mirror.feed(workspaceId, first.lastSeq ?? 0n, 1000);
    expect(next.items).toEqual([
      expect.objectContaining({ op: 'upsert', key: 'qbo:realm1:3', data: expect.objectContaining({ balance: '12.5' }) }),
      { op: 'delete', entity: 'customer', key: 'qbo:realm1:7', connectionId: conn.id },
    ]);

    // Paging: limit + hasMore walk the same sequence.
    const paged: string[] = [];
    let after = 0n;
    for (let more = true; more; ) {
      const page = await store.mirror.feed(workspaceId, after, 4);
      paged.push(...page.items.map((i) => i.key));
      after = page.lastSeq ?? after;
      more = page.hasMore;
    }
    expect(paged).toHaveLength(25);
    expect(new Set(paged).size).toBe(25);

    expect(await store.connections.deleteWithTombstones(conn.id, Date.now())).toBe(24);
    expect(await store.connections.getById(conn.id)).toBeNull();
    expect(await store.connections.getTokens(conn.id)).toBeNull();
    const gone = await store.mirror.feed(workspaceId, after, 1000);
    expect(gone.items.every((i) => i.op === 'delete')).toBe(true);
    expect(gone.items).toHaveLength(24);
    expect(await store.mirror.upsertCustomers(scope, [customer('1', '1', conn.id)], Date.now())).toBe(0);
  });

  it('refreshes single-flight, persists the rotated refresh token, and marks dead grants', async () => {
    const seat = await store.seats.create({ workspaceId, name: 'D', tokenHash: 'h-d', now: Date.now() });
    const conn = await store.connections.upsertWithTokens({
      workspaceId,
      provider: 'qbo',
      companyId: 'realm2',
      companyName: 'Beta',
      currency: 'USD',
      seatId: seat.id,
      tokens: tokens(1),
      now: Date.now(),
    });
    let calls = 0;
    let dead = false;
    const provider = {
      provider: 'qbo',
      async refresh(current: ProviderTokens) {
        calls += 1;
        await new Promise((r) => setTimeout(r, 50));
        if (dead) throw new ProviderError('invalid_grant', 'gone');
        const n = Number(current.refreshToken.slice(2)) + 1;
        return { ...tokens(n), accessExpiresAt: Date.now() + 3600_000 };
      },
    } as unknown as ProviderClient;
    const service = createTokenService({
      store,
      providers: { qbo: provider },
      clock: { now: () => Date.now() },
      onGrantDead: (id, message) => store.connections.setStatus(id, { status: 'reconnect_required', statusMessage: message }),
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => service.accessToken(conn.id)));
    expect(results).toEqual(Array(5).fill('AT2'));
    expect(calls).toBe(1);
    expect((await store.connections.getTokens(conn.id))?.tokens.refreshToken).toBe('RT2');
    expect(await service.accessToken(conn.id)).toBe('AT2'); // still fresh: no call
    expect(calls).toBe(1);

    dead = true;
    await expect(service.accessToken(conn.id, 'AT2')).rejects.toMatchObject({ kind: 'invalid_grant' });
    expect((await store.connections.getById(conn.id))?.status).toBe('reconnect_required');
  });
});
