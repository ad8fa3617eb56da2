import { browser } from 'wxt/browser';
import type { Connection } from '../model';
import type { LedgerDb } from '../db/schema';
import { deleteConnectionRecords, mirrorTables, readCursor, type AppliedChanges } from '../sync/feed-applier';
import { createFeedPuller } from '../sync/feed-puller';
import { createProxyClient, errorInfo, ProxyError, type ProxyClient, type ProxyClientOptions } from '../proxy-client';
import { createSettings, preferences as defaultPreferences, type Preferences, type Settings } from '../settings';
import { singleFlight } from '../single-flight';
import { compileMatchingRules, findCustomers } from '../matching';
import { isoDay } from '../db/ageing';
import { lookupDetails } from './lookup-details';
import type { FeedProgress, Handlers, LookupResult, Status, TabCustomer } from '../messaging';
import { recordKey } from '../model';
import { noticesFor, type Notice } from '../notifications/notifier';
import { createActionHandlers } from './action-handlers';
import { createCustomerHandlers } from './customer-handlers';
import { createTabState, type TabState } from './tab-state';
import { seatName as defaultSeatName } from './seat-name';
import { createPoller } from './poller';

export interface BackgroundDeps {
  db: LedgerDb;
  settings?: Settings;
  createClient?: (options: ProxyClientOptions) => ProxyClient;
  openTab?: (url: string) => Promise<unknown>;
  seatName?: () => string;
  now?: () => Date;
  /** While a connection syncs or a consent tab is open, the proxy is polled this often. */
  pollIntervalMs?: number;
  prefs?: Preferences;
  tabState?: TabState;
  /** Shows a browser notification (lib/notifications); absent = none. */
  notify?: (notice: Notice) => unknown;
  /** The active tab's id, for the side panel's "customer on this tab". */
  activeTabId?: () => Promise<number | null>;
  /** Opens the side panel on a tab (Chrome sidePanel / Firefox sidebar). */
  openSidePanel?: (tabId: number | null) => Promise<unknown>;
}

/** The longest we keep polling for a consent the user may have abandoned. */
const AUTHORIZE_WAIT_MS = 10 * 60_000;
/** getStatus refreshes the connection list when the cached one is older than this (the popup polls every second). */
const STATUS_STALE_MS = 5_000;

/**
 * Everything the background does, as plain functions over injected dependencies: the message handlers, the sync
 * cycle (connections + feed) and the fast polling while something is in progress. The entrypoint only wires events.
 */
export function createBackgroundService(deps: BackgroundDeps) {
  const { db } = deps;
  const settings = deps.settings ?? createSettings();
  const createClient = deps.createClient ?? createProxyClient;
  const openTab = deps.openTab ?? ((url: string) => browser.tabs.create({ url }));
  const now = deps.now ?? (() => new Date());
  let lastRefreshAt = 0;

  async function client(): Promise<ProxyClient | null> {
    const pairing = await settings.getPairing();
    return pairing ? createClient({ baseUrl: pairing.proxyUrl, token: pairing.token }) : null;
  }

  const prefs = deps.prefs ?? defaultPreferences();
  const tabState = deps.tabState ?? createTabState();
  const bumpRevision = () => settings.updateSyncState((s) => ({ ...s, revision: s.revision + 1 }));
  // Progress of the current pull, for the popup; in memory because it only means something while the worker runs.
  const progress: FeedProgress = { pulling: false, itemsApplied: 0, appliedAt: null };
  async function onApplied(changes: AppliedChanges): Promise<void> {
    await bumpRevision();
    if (!deps.notify) return;
    const notices = await noticesFor(db, changes, await prefs.notifications.get(), (await prefs.display.get()).locale ?? undefined);
    for (const notice of notices) await deps.notify(notice);
  }
  const puller = createFeedPuller({
    db,
    client,
    now,
    onApplied,
    onProgress: (items, pulling) => {
      progress.itemsApplied = items;
      progress.pulling = pulling;
    },
  });

  /** Replaces the cached connection list; a connection the proxy no longer lists takes its records with it. */
  async function refreshConnections(proxy: ProxyClient): Promise<Connection[]> {
    const { connections } = await proxy.connections();
    lastRefreshAt = Date.now();
    const previous = await db.connections.toArray();
    const currentIds = new Set(connections.map((c) => c.id));
    // Only connections we knew and lost: a brand-new one may already have feed records newer than this list.
    const goneIds = previous.map((c) => c.id).filter((id) => !currentIds.has(id));
    await db.transaction('rw', db.connections, async () => {
      await db.connections.clear();
      await db.connections.bulkPut(connections);
    });
    await deleteConnectionRecords(db, goneIds);
    if (JSON.stringify(previous) !== JSON.stringify(connections)) await bumpRevision();
    await settleAuthorize(previous, connections);
    return connections;
  }

  async function settleAuthorize(previous: Connection[], current: Connection[]): Promise<void> {
    const { pendingAuthorize: pending } = await settings.getSyncState();
    if (!pending) return;
    const wasSyncing = new Set(previous.filter((c) => c.status === 'syncing').map((c) => c.id));
    const arrived = current.some(
      (c) =>
        c.provider === pending.provider &&
        (!pending.knownConnectionIds.includes(c.id) || (c.status === 'syncing' && !wasSyncing.has(c.id))),
    );
    if (arrived || now().getTime() > Date.parse(pending.until)) {
      await settings.updateSyncState((s) => ({ ...s, pendingAuthorize: null }));
    }
  }

  async function recordError(error: unknown): Promise<void> {
    const info = errorInfo(error);
    await settings.updateSyncState((s) =>
      s.lastError?.code === info.code && s.lastError.message === info.message ? s : { ...s, lastError: info },
    );
  }

  /**
   * A lookup answered "syncing" since the last cycle ended. The cycle's end can turn that answer into "no match"
   * without applying anything (the pull found nothing new, or its last page was applied while the lookup still saw
   * the pull busy), and nothing else would tell the panel to ask again: it would say "Syncing…" for good.
   */
  let answeredSyncing = false;

  /** One round: connection list, then the feed. Returns whether fast polling should continue. */
  const syncCycle = singleFlight(async (): Promise<boolean> => {
    try {
      return await runSyncCycle();
    } finally {
      if (answeredSyncing) {
        answeredSyncing = false;
        await bumpRevision();
      }
    }
  });

  async function runSyncCycle(): Promise<boolean> {
    const proxy = await client();
    if (!proxy) return false;
    try {
      const connections = await refreshConnections(proxy);
      await puller.pull();
      const state = await settings.getSyncState();
      if (state.lastError) await settings.updateSyncState((s) => ({ ...s, lastError: null }));
      return connections.some((c) => c.status === 'syncing') || state.pendingAuthorize !== null;
    } catch (error) {
      await recordError(error);
      // Keep polling through a blip only while the user waits for something.
      return (await settings.getSyncState()).pendingAuthorize !== null;
    }
  }

  const poller = createPoller({ intervalMs: deps.pollIntervalMs ?? 2_000, tick: syncCycle });

  async function cycleAndPoll(): Promise<void> {
    if (await syncCycle()) poller.start();
  }

  async function clearLocalData(): Promise<void> {
    await db.transaction('rw', [...mirrorTables(db), db.connections, db.meta], async () => {
      for (const table of [...mirrorTables(db), db.connections, db.meta]) await table.clear();
    });
  }

  async function action<T extends object>(run: () => Promise<T>) {
    try {
      return { ok: true as const, ...(await run()) };
    } catch (error) {
      return { ok: false as const, error: errorInfo(error) };
    }
  }

  async function requireClient(): Promise<ProxyClient> {
    const proxy = await client();
    if (!proxy) throw new ProxyError('not_paired', 'This browser is not paired with a LedgerLens server yet.', 0);
    return proxy;
  }

  const coreHandlers = {
    async getStatus(): Promise<Status> {
      const [pairing, connections, state] = await Promise.all([
        settings.getPairing(),
        db.connections.toArray(),
        settings.getSyncState(),
      ]);
      if (pairing && Date.now() - lastRefreshAt > STATUS_STALE_MS && !syncCycle.busy) {
        lastRefreshAt = Date.now();
        void cycleAndPoll();
      }
      return {
        paired: pairing !== null,
        proxyUrl: pairing?.proxyUrl ?? null,
        seat: pairing?.seat ?? null,
        connections,
        lastError: state.lastError,
        pendingAuthorize: state.pendingAuthorize?.provider ?? null,
        feed: { ...progress, appliedAt: (await db.meta.get('feed'))?.appliedAt ?? null },
      };
    },

    pair: ({ proxyUrl, code }) =>
      action(async () => {
        const baseUrl = parseProxyUrl(proxyUrl);
        const { token, seat } = await createClient({ baseUrl }).pair({
          code: code.trim(),
          name: (deps.seatName ?? defaultSeatName)(),
        });
        // A new pairing may be a different workspace: nothing of the old mirror may leak into it.
        await clearLocalData();
        await settings.setPairing({ proxyUrl: baseUrl, token, seat });
        await settings.updateSyncState((s) => ({ lastError: null, revision: s.revision + 1, pendingAuthorize: null }));
        await cycleAndPoll();
        return { seat };
      }),

    unpair: () =>
      action(async () => {
        poller.stop();
        await settings.clearPairing();
        await clearLocalData();
        await settings.updateSyncState((s) => ({ lastError: null, revision: s.revision + 1, pendingAuthorize: null }));
        return {};
      }),

    connect: ({ provider }) =>
      action(async () => {
        const proxy = await requireClient();
        const { authorizeUrl, expiresAt } = await proxy.authorize(provider);
        const known = (await db.connections.toArray()).map((c) => c.id);
        const until = Math.min(Date.parse(expiresAt) || Infinity, now().getTime() + AUTHORIZE_WAIT_MS);
        await settings.updateSyncState((s) => ({
          ...s,
          pendingAuthorize: { provider, until: new Date(until).toISOString(), knownConnectionIds: known },
        }));
        await openTab(authorizeUrl);
        poller.start();
        return { authorizeUrl };
      }),

    disconnect: ({ connectionId }) =>
      action(async () => {
        const proxy = await requireClient();
        try {
          await proxy.disconnect(connectionId);
        } catch (error) {
          // Already gone on the proxy: the user still wants it gone here.
          if (!(error instanceof ProxyError && error.status === 404)) throw error;
        }
        await db.connections.delete(connectionId);
        await deleteConnectionRecords(db, [connectionId]);
        await bumpRevision();
        void cycleAndPoll();
        return {};
      }),

    syncNow: () =>
      action(async () => {
        const proxy = await requireClient();
        const connections = await db.connections.toArray();
        await Promise.all(connections.map((c) => proxy.sync(c.id)));
        await cycleAndPoll();
        // Polling runs while anything syncs; start it anyway so a sync the proxy queues a moment later is seen.
        poller.start();
        return {};
      }),

    async lookupRecord({ context }): Promise<LookupResult> {
      if (!(await settings.getPairing())) return { state: 'not-paired' };
      const [connections, state, matching] = await Promise.all([
        db.connections.toArray(),
        settings.getSyncState(),
        prefs.matching.get(),
      ]);
      const unreachable = state.lastError?.code === 'unreachable';
      if (connections.length === 0) return { state: unreachable ? 'unreachable' : 'not-connected' };
      // The options page's rules (ledgerlens.matching), in the user's order and with their switches.
      const rules = compileMatchingRules(matching);
      const match = await findCustomers(db, context, new Set(connections.map((c) => c.id)), rules);
      if (match) return { state: 'matched', ...match, details: await lookupDetails(db, match.customers, isoDay(now())) };
      if (unreachable) return { state: 'unreachable' };
      // The customer may be in the company whose sync stopped: say so rather than "no match".
      const broken = connections.find((c) => c.status === 'reconnect_required');
      if (broken) return { state: 'reconnect-required', message: broken.statusMessage };
      if (connections.some((c) => c.status === 'syncing') || (await readCursor(db)) === null || puller.busy) {
        answeredSyncing = true;
        return { state: 'syncing' };
      }
      return { state: 'no-match' };
    },
  } satisfies Partial<Handlers>;

  const handlers: Handlers = {
    ...coreHandlers,
    ...createCustomerHandlers({ db, prefs, now }),
    ...createActionHandlers({ db, prefs, requireClient, afterWrite: () => void cycleAndPoll() }),
      resetLocalData: () =>
        action(async () => {
          await requireClient();
          const connections = await db.connections.toArray();
          await clearLocalData();
          // Keep the connection list so the popup does not flash "nothing connected" while the feed restarts.
          await db.connections.bulkPut(connections);
          await bumpRevision();
          void cycleAndPoll();
          return {};
        }),

      async getTabCustomer({ tabId }: { tabId: number | null }): Promise<TabCustomer> {
        const id = tabId ?? (await deps.activeTabId?.()) ?? null;
        const [tab, request] = await Promise.all([id === null ? null : tabState.get(id), tabState.getRequest()]);
        return {
          tabId: id,
          context: tab?.context ?? null,
          customerKeys: tab?.customerKeys ?? [],
          focusKey: request?.customerKey ?? null,
          request: request ? { intent: request.intent, nonce: request.nonce, tabId: request.tabId } : null,
        };
      },

      openSidePanel: ({ customerKey, intent }) =>
        action(async () => {
          // The panel itself is opened by registerHandlers inside the click's message (a user gesture).
          await tabState.setFocus(customerKey, intent ?? 'view');
          return {};
        }),
  };

  /** The panel's lookup, remembered per tab so the side panel can show the same customer (getTabCustomer). */
  async function noteLookup(tabId: number | undefined, context: Parameters<Handlers['lookupRecord']>[0]['context'], result: LookupResult) {
    if (tabId === undefined) return;
    // A domain suggestion is not this record's customer until the user links it.
    const keys = result.state === 'matched' && result.status !== 'suggested' ? result.customers.map((c) => recordKey(c)) : [];
    await tabState.record(tabId, context, keys);
  }

  return {
    handlers,
    noteLookup,
    /** Opens the side panel on the sender's tab: must run inside the message of the user's click (a gesture). */
    openSidePanelOn: (tabId: number | null) => deps.openSidePanel?.(tabId),
    tabState,
    syncCycle,
    /** Service worker start (install, browser start, wake-up): catch up, and poll if something is in progress. */
    start: cycleAndPoll,
    stopPolling: () => poller.stop(),
    get polling() {
      return poller.running;
    },
  };
}
export type BackgroundService = ReturnType<typeof createBackgroundService>;

function parseProxyUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new ProxyError('invalid_url', 'Enter the server address, e.g. http://127.0.0.1:4000.', 0);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyError('invalid_url', 'The server address must start with http:// or https://.', 0);
  }
  return url.origin;
}
