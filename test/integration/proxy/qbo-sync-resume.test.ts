import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeResponseSchema, SyncRunsResponseSchema } from '../../../lib/proxy-api';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { SEAT_TOKEN_PREFIX, randomToken, sha256Hex } from '../../../proxy-server/security/secrets';
import type { RunningProxy } from '../../../proxy-server/server';
import { Api, connections, consent, drainFeed, pair, startTestProxy, waitFor } from './helpers';
import { SandboxQbo, connectQbo } from './qbo-sync-support';

/**
 * A proxy stopped in the middle of the initial import resumes it from the stored page on restart, and the number
 * of provider calls a sync costs does not depend on how many seats pull the feed meanwhile.
 */
let sandbox: RunningSandbox;
let qbo: SandboxQbo;
let first: Awaited<ReturnType<typeof startTestProxy>>;
let second: Awaited<ReturnType<typeof startTestProxy>>;
let api: Api;

const ENTITIES: [string, string, string][] = [
  ['Customer', 'customer', ' WHERE Active IN (true, false)'],
  ['Item', 'item', ' WHERE Active IN (true, false)'],
  ['Invoice', 'invoice', ''],
  ['Payment', 'payment', ''],
  ['Estimate', 'estimate', ''],
];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  qbo = await SandboxQbo.open(sandbox.url);
});

afterAll(async () => {
  await second?.close();
  await first?.proxy.close();
  await sandbox?.close();
});

describe('resumable initial import', () => {
  it('continues after a restart mid-import and ends equal to the sandbox', async () => {
    const holder: { proxy?: RunningProxy } = {};
    let stopped: Promise<void> | undefined;
    let firstEntity: string | undefined;
    first = await startTestProxy(
      { SANDBOX_URL: sandbox.url },
      {
        sync: {
          pageSize: 10,
          schedulerTickMs: false,
          hooks: {
            afterPage: ({ entity }) => {
              // Stop the whole proxy after the first stored page, like a deploy or a crash would.
              if (!stopped && holder.proxy) {
                firstEntity = entity;
                stopped = holder.proxy.close();
              }
            },
          },
        },
      },
    );
    holder.proxy = first.proxy;
    api = await pair(first.proxy);
    const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
    await fetch(await consent(authorizeUrl, { company: qbo.realmId }));
    await waitFor('the interrupted import', async () => (stopped ? true : undefined));
    await stopped;
    expect(firstEntity).toBe('item');

    second = await startTestProxy({ SANDBOX_URL: sandbox.url, LEDGERLENS_DATA_DIR: first.dataDir }, { sync: { pageSize: 200, schedulerTickMs: false } });
    api = new Api(second.proxy.url, api.token);
    const connection = await waitFor('the resumed import', async () => {
      const [c] = await connections(api);
      return c?.status === 'connected' ? c : undefined;
    }, 60_000);
    await second.proxy.sync.idle();

    const runs = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${connection.id}`)).runs;
    expect(runs.map((r) => [r.trigger, r.status])).toEqual([['reconcile', 'succeeded'], ['initial', 'cancelled']]);
    const items = (await qbo.all('Item', ' WHERE Active IN (true, false)')) ?? [];
    // The resumed run did not start the interrupted entity over.
    expect(runs[0]?.counts.item?.fetched ?? 0).toBe(Math.max(0, items.length - 10));

    const live = new Map<string, Set<string>>();
    for (const item of (await drainFeed(api, undefined, 1000)).items) {
      const [entity, id] = [item.entity, item.key.split(':').at(-1) as string];
      const set = live.get(entity) ?? new Set<string>();
      if (item.op === 'upsert') set.add(id);
      else set.delete(id);
      live.set(entity, set);
    }
    for (const [name, entity, where] of ENTITIES) {
      const rows = await qbo.all(name, where);
      if (rows === null) continue;
      expect([...(live.get(entity) ?? [])].sort(), name).toEqual(rows.map((r) => String(r.Id)).sort());
    }
  });
});

describe('provider calls do not grow with seats', () => {
  async function importWhileSeatsPoll(seats: Api[]): Promise<number> {
    for (const c of await connections(api)) await api.json('DELETE', `/v1/connections/${c.id}`, undefined, 204).catch(() => undefined);
    let done = false;
    const pollers = seats.map(async (seat) => {
      let cursor: string | undefined;
      while (!done) {
        cursor = (await drainFeed(seat, cursor, 200)).cursor;
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    const id = await connectQbo(api, qbo.realmId);
    await second.proxy.sync.idle();
    done = true;
    await Promise.all(pollers);
    const [run] = SyncRunsResponseSchema.parse(await api.json('GET', `/v1/sync-runs?connectionId=${id}`)).runs;
    expect(run).toMatchObject({ trigger: 'initial', status: 'succeeded' });
    return run?.providerCalls ?? -1;
  }

  it('an initial import costs the same with 1 seat and with 20 seats pulling the feed', async () => {
    const one = await importWhileSeatsPoll([api]);
    // Seats made in the store directly: POST /v1/pair is rate limited per address (that is its job).
    const [workspace] = await second.proxy.store.db.query('SELECT id FROM workspaces LIMIT 1');
    const many = [api];
    for (let i = 2; i <= 20; i += 1) {
      const token = randomToken(SEAT_TOKEN_PREFIX, 32);
      await second.proxy.store.seats.create({ workspaceId: String(workspace?.id), name: `Seat ${i}`, tokenHash: sha256Hex(token), now: Date.now() });
      many.push(new Api(second.proxy.url, token));
    }
    const twenty = await importWhileSeatsPoll(many);
    expect(one).toBeGreaterThan(0);
    expect(twenty).toBe(one);
  });
});
