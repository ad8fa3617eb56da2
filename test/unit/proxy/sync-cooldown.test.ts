import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SyncTrigger } from '../../../lib/model';
import type { ProviderRegistry } from '../../../proxy-server/providers/provider-client';
import { createTokenService } from '../../../proxy-server/providers/token-refresh';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import type { CompanyLock } from '../../../proxy-server/sync/company-lock';
import { createSyncService, type SyncService } from '../../../proxy-server/sync/sync-service';

/**
 * "Sync now" presses coalesce (issue 7's P4): a press while a run is in progress joins it, and within the cool-down
 * after a successful run a press starts nothing — in the sync service, so every caller is covered. The run itself
 * is replaced through the injected company lock (it records the trigger and, when told, ends the run with an error
 * status); time is the injected clock.
 */
let store: Store;
let connectionId: string;
let now = Date.parse('2026-03-01T00:00:00Z');
const clock = { now: () => now };
const runs: SyncTrigger[] = [];
let gate: Promise<void> = Promise.resolve();
let endWith: 'connected' | 'error' = 'connected';

/** Stands in for runSync: what matters here is how many runs start, with which trigger, and how they end. */
function fakeLock(triggerOf: () => SyncTrigger): CompanyLock {
  return async (id, _fn) => {
    runs.push(triggerOf());
    await gate;
    await store.connections.setStatus(id, { status: endWith, ...(endWith === 'error' ? { statusMessage: 'boom' } : {}) });
    return { ran: true, value: undefined as never };
  };
}

function service(options: { cooldownMs?: number } = {}): SyncService {
  const providers = { qbo: { sync: {} } } as unknown as ProviderRegistry;
  const tokens = createTokenService({ store, providers, clock });
  let current: SyncTrigger = 'manual';
  const sync = createSyncService({
    store, providers, tokens, clock,
    lock: fakeLock(() => current),
    ...(options.cooldownMs === undefined ? {} : { manualCooldownMs: options.cooldownMs }),
  });
  // The trigger of a run is only visible to runSync; remember the last one handed to start() for the log.
  const start = sync.start.bind(sync);
  sync.start = (id, trigger = 'manual') => {
    current = trigger;
    start(id, trigger);
  };
  return sync;
}

const settle = async (sync: SyncService) => {
  for (let i = 0; i < 5; i += 1) {
    await sync.idle();
    await new Promise((r) => setTimeout(r, 20)); // the cool-down check and follow-ups are asynchronous
  }
};

beforeAll(async () => {
  store = createStore(await openDb({ kind: 'pglite' }), createVault(Buffer.alloc(32, 9)));
  const workspaceId = (await store.workspaces.ensureDefault(now)).id;
  const seat = await store.seats.create({ workspaceId, name: 'Seat', tokenHash: 'x'.repeat(64), now });
  const conn = await store.connections.upsertWithTokens({
    workspaceId, provider: 'qbo', companyId: 'r1', companyName: 'Acme', currency: 'USD', seatId: seat.id,
    tokens: { accessToken: 'a', refreshToken: 'r', accessExpiresAt: now + 3600_000, refreshExpiresAt: null },
    now,
  });
  connectionId = conn.id;
}, 60_000);

afterAll(async () => {
  await store?.close();
});

beforeEach(() => {
  runs.length = 0;
  gate = Promise.resolve();
  endWith = 'connected';
  now += 3_600_000;
});

describe('sync service: manual cool-down', () => {
  it('fifty presses within 2 s (some during the run, the rest after it) cost one run', async () => {
    const sync = service();
    let release!: () => void;
    gate = new Promise<void>((r) => (release = r));
    for (let i = 0; i < 20; i += 1) {
      sync.start(connectionId, 'manual');
      now += 40;
    }
    expect(sync.isRunning(connectionId)).toBe(true);
    expect(sync.acceptsManual(connectionId)).toBe(false);
    release();
    await settle(sync);
    for (let i = 0; i < 30; i += 1) {
      sync.start(connectionId, 'manual');
      now += 40;
    }
    await settle(sync);
    expect(runs).toEqual(['manual']);
  });

  it('a press after the cool-down starts a run; the default cool-down is 30 s', async () => {
    const sync = service();
    sync.start(connectionId, 'manual');
    await settle(sync);
    now += 29_000;
    expect(sync.acceptsManual(connectionId)).toBe(false);
    sync.start(connectionId, 'manual');
    await settle(sync);
    expect(runs).toHaveLength(1);
    now += 1_001;
    expect(sync.acceptsManual(connectionId)).toBe(true);
    sync.start(connectionId, 'manual');
    await settle(sync);
    expect(runs).toHaveLength(2);
  });

  it('webhooks and the scheduler are not held back by the cool-down', async () => {
    const sync = service();
    sync.start(connectionId, 'manual');
    await settle(sync);
    sync.start(connectionId, 'webhook');
    await settle(sync);
    sync.start(connectionId, 'schedule');
    await settle(sync);
    expect(runs).toEqual(['manual', 'webhook', 'schedule']);
  });

  it('after a failed run a press retries at once', async () => {
    const sync = service();
    endWith = 'error';
    sync.start(connectionId, 'manual');
    await settle(sync);
    expect(sync.acceptsManual(connectionId)).toBe(true);
    endWith = 'connected';
    sync.start(connectionId, 'manual');
    await settle(sync);
    expect(runs).toHaveLength(2);
  });

  it('a manual trigger after a settings change (options page) still runs within the cool-down', async () => {
    const sync = service();
    sync.start(connectionId, 'manual');
    await settle(sync);
    const settings = await store.syncState.getSettings(connectionId);
    await store.syncState.putSettings(connectionId, { ...settings, importVendors: !settings.importVendors }, now);
    sync.start(connectionId, 'manual');
    await settle(sync);
    expect(runs).toHaveLength(2);
    sync.start(connectionId, 'manual'); // nothing new since that run: held back again
    await settle(sync);
    expect(runs).toHaveLength(2);
  });

  it('is configurable, and 0 turns it off', async () => {
    const short = service({ cooldownMs: 5_000 });
    short.start(connectionId, 'manual');
    await settle(short);
    now += 5_000;
    short.start(connectionId, 'manual');
    await settle(short);
    expect(runs).toHaveLength(2);
    runs.length = 0;
    const off = service({ cooldownMs: 0 });
    off.start(connectionId, 'manual');
    await settle(off);
    off.start(connectionId, 'manual');
    await settle(off);
    expect(runs).toHaveLength(2);
  });

  it('cancel (reset, disconnect) ends the cool-down', async () => {
    const sync = service();
    sync.start(connectionId, 'manual');
    await settle(sync);
    await sync.cancel(connectionId);
    expect(sync.acceptsManual(connectionId)).toBe(true);
  });
});
