import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../../proxy-server/errors';
import { createIdempotency, providerIdempotencyKey, type ActionContext } from '../../../proxy-server/actions/idempotency';
import { ProviderError } from '../../../proxy-server/providers/provider-client';
import { ProviderRejection } from '../../../proxy-server/providers/provider-writes';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';

/** The idempotency layer against the real schema (PGlite in memory). */
let store: Store;
let workspaceId: string;
let clockNow = 1_700_000_000_000;
const clock = { now: () => clockNow };
let n = 0;
const scope = () => ({ workspaceId, route: 'customers', key: `key-${(n += 1)}` });

beforeAll(async () => {
  store = createStore(await openDb({ kind: 'pglite' }), createVault(Buffer.alloc(32, 7)));
  workspaceId = (await store.workspaces.ensureDefault(clock.now())).id;
}, 60_000);
afterAll(() => store?.close());

const run = (options: { leaseMs?: number; waitMs?: number } = {}) =>
  createIdempotency({ keys: store.idempotencyKeys, clock, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 5))), ...options });

describe('idempotency keys', () => {
  it('replays the stored answer for the same key and body (same status, same body)', async () => {
    const s = scope();
    let calls = 0;
    const first = await run()(s, { a: 1 }, async () => ({ status: 201, body: { id: (calls += 1) } }));
    const again = await run()(s, { a: 1 }, async () => ({ status: 201, body: { id: (calls += 1) } }));
    expect(first).toEqual({ status: 201, body: { id: 1 }, replayed: false });
    expect(again).toEqual({ status: 201, body: { id: 1 }, replayed: true });
    expect(calls).toBe(1);
  });

  it('refuses the same key with another body: 422 idempotency_key_reused', async () => {
    const s = scope();
    await run()(s, { a: 1 }, async () => ({ status: 201, body: {} }));
    await expect(run()(s, { a: 2 }, async () => ({ status: 201, body: {} }))).rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
  });

  it('runs concurrent requests with one key exactly once; the others wait and replay', async () => {
    const s = scope();
    let calls = 0;
    const slow = async () => {
      calls += 1;
      await new Promise((r) => setTimeout(r, 100));
      return { status: 201 as const, body: { created: true } };
    };
    const results = await Promise.all(Array.from({ length: 20 }, () => run()(s, { same: true }, slow)));
    expect(calls).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(results.map((r) => JSON.stringify([r.status, r.body])))).toEqual(new Set([JSON.stringify([201, { created: true }])]));
  });

  it('stores 4xx answers (a 409 replays) but lets 5xx and 429 retry, resumed when the provider was called', async () => {
    const s = scope();
    const seen: ActionContext[] = [];
    const failing = async (ctx: ActionContext) => {
      seen.push(ctx);
      await ctx.beforeProviderWrite();
      throw new ProviderError('unavailable', 'QuickBooks could not be reached.');
    };
    expect(await run()(s, {}, failing)).toMatchObject({ status: 502, replayed: false });
    expect(await run()(s, {}, async (ctx) => (seen.push(ctx), { status: 201, body: { ok: true } }))).toMatchObject({ status: 201, replayed: false });
    expect(seen.map((c) => c.resumed)).toEqual([false, true]);
    expect(seen[0]?.providerKey).toBe(seen[1]?.providerKey);
    expect(seen[0]?.providerKey).toBe(providerIdempotencyKey(s));

    const limited = scope();
    expect(await run()(limited, {}, async () => Promise.reject(new ProviderError('rate_limited', 'slow down', 7)))).toMatchObject({ status: 429, headers: { 'Retry-After': '7' } });
    expect(await run()(limited, {}, async () => ({ status: 201, body: {} }))).toMatchObject({ replayed: false });

    const refused = scope();
    const rejection = async () => Promise.reject(new ProviderRejection('Duplicate name.', 'duplicate_name', '6240'));
    const first = await run()(refused, {}, rejection);
    expect(first).toMatchObject({ status: 422, body: { error: { code: 'provider_validation', details: { reason: 'duplicate_name', providerCode: '6240' } } } });
    expect(await run()(refused, {}, async () => ({ status: 201, body: {} }))).toMatchObject({ status: 422, replayed: true });

    const exists = scope();
    await run()(exists, {}, async () => Promise.reject(new HttpError(409, 'customer_exists', 'exists', { candidates: [] })));
    expect(await run()(exists, {}, async () => ({ status: 201, body: {} }))).toMatchObject({ status: 409, replayed: true });
  });

  it('takes over a key whose process died (lease expired), and answers 409 in_progress while it is fresh', async () => {
    const s = scope();
    await store.idempotencyKeys.claim(s, 'x', clock.now(), 1000); // a process claimed it, then died
    await expect(run({ waitMs: 30 })(s, { hash: 'differs' }, async () => ({ status: 201, body: {} }))).rejects.toMatchObject({ code: 'idempotency_key_reused' });
    const hashOfEmpty = (await import('../../../proxy-server/store/mirror')).recordHash({});
    const s2 = scope();
    await store.idempotencyKeys.claim(s2, hashOfEmpty, clock.now(), 1000);
    await expect(run({ waitMs: 30, leaseMs: 60_000 })(s2, {}, async () => ({ status: 201, body: {} }))).rejects.toMatchObject({ status: 409, code: 'idempotency_key_in_progress' });
    clockNow += 120_000;
    expect(await run({ leaseMs: 60_000 })(s2, {}, async () => ({ status: 201, body: { late: true } }))).toMatchObject({ status: 201, replayed: false });
  });

  it('derives a UUID-shaped provider key, stable and scoped to workspace + route + key', () => {
    const a = providerIdempotencyKey({ workspaceId: 'w', route: 'customers', key: 'k' });
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(providerIdempotencyKey({ workspaceId: 'w', route: 'customers', key: 'k' })).toBe(a);
    expect(providerIdempotencyKey({ workspaceId: 'w2', route: 'customers', key: 'k' })).not.toBe(a);
    expect(providerIdempotencyKey({ workspaceId: 'w', route: 'sales-documents', key: 'k' })).not.toBe(a);
  });
});
