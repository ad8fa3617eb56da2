import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIdempotency } from '../../../proxy-server/actions/idempotency';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';

/**
 * Two "processes" (two pools, two idempotency layers, nothing shared in memory) on one PostgreSQL schema: 30
 * concurrent requests with one Idempotency-Key, split between them, execute exactly once.
 */
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ll_test_${randomBytes(6).toString('hex')}`;
let stores: Store[] = [];

beforeAll(async () => {
  const vault = createVault(Buffer.alloc(32, 3));
  stores = [
    createStore(await openDb({ kind: 'pg', connectionString: PG_URL, schema }), vault),
    createStore(await openDb({ kind: 'pg', connectionString: PG_URL, schema }), vault),
  ];
});

afterAll(async () => {
  for (const store of stores) await store.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

it('one key, two proxy processes, 30 concurrent requests → one execution, every answer the same', async () => {
  const clock = { now: () => Date.now() };
  const workspaceId = (await stores[0]!.workspaces.ensureDefault(clock.now())).id;
  const layers = stores.map((store) => createIdempotency({ keys: store.idempotencyKeys, clock }));
  let executions = 0;
  const execute = async () => {
    executions += 1;
    await new Promise((r) => setTimeout(r, 150));
    return { status: 201 as const, body: { id: 'only-one' } };
  };
  const scope = { workspaceId, route: 'customers', key: 'same-key' };
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => layers[i % 2]!(scope, { same: 'body' }, execute)));
  expect(executions).toBe(1);
  expect(results.every((r) => r.status === 201 && (r.body as { id: string }).id === 'only-one')).toBe(true);
  expect(results.filter((r) => r.replayed)).toHaveLength(29);
});
