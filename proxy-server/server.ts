import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { createApp } from './app';
import { systemClock, type Clock } from './clock';
import { loadEnv, type Env, type RawEnv } from './env';
import { createMemoryEventBus, type EventBus } from './events/event-bus';
import { createEventHub, type EventHub } from './events/event-hub';
import { jsonLines, type LogSink } from './http/request-log';
import { createPgEventBus } from './events/pg-event-bus';
import { encodeCursor } from './routes/feed';
import type { ProviderRegistry } from './providers/provider-client';
import { createLimiterRegistry } from './providers/limiter';
import { createProviders, resolveEndpoints } from './providers/registry';
import { configuredLimits, sharedCallBudgets } from './providers/shared-call-budget';
import { createTokenService, type TokenService } from './providers/token-refresh';
import { loadOrCreateAdminToken } from './security/admin-token';
import { createVault, loadOrCreateKeyFile } from './security/vault';
import { createStore, dbConfigFromEnv, openDb, type Store } from './store';
import type { SyncHooks } from './sync/run-context';
import { createSyncScheduler, type SyncScheduler } from './sync/scheduler';
import { createSyncService, type SyncService } from './sync/sync-service';

export interface StartProxyOptions {
  /** Variables layered over process.env (or over nothing, with inheritProcessEnv: false). */
  env?: RawEnv;
  /** Tests pass false so a developer's DATABASE_URL or PROXY_PORT cannot leak in. Default true. */
  inheritProcessEnv?: boolean;
  /** Overrides PROXY_PORT; 0 picks a free port. */
  port?: number;
  host?: string;
  clock?: Clock;
  /** Replaces the providers built from env (unit-style tests with fakes). */
  providers?: (publicUrl: string) => ProviderRegistry;
  fetch?: typeof fetch;
  /** Wraps the providers built from env (tests count refreshes or inject faults without replacing the client). */
  wrapProviders?: (registry: ProviderRegistry) => ProviderRegistry;
  /** SSE heartbeat period (default 25 s). */
  heartbeatMs?: number;
  /** Per-seat request budget per minute (default 600). */
  seatRequestsPerMinute?: number;
  /** Request log sink; JSON lines on stdout by default, false for none (tests). */
  log?: LogSink | false;
  /**
   * Sync tuning: import page size, hooks between pages, scheduler period (false = no timer), and how long after a
   * successful run manual "Sync now" presses start nothing (default 30 s; sync/sync-service.ts).
   */
  sync?: { pageSize?: number; hooks?: SyncHooks; schedulerTickMs?: number | false; manualCooldownMs?: number };
}

export interface RunningProxy {
  url: string;
  env: Env;
  store: Store;
  sync: SyncService;
  providers: ProviderRegistry;
  tokens: TokenService;
  events: EventHub;
  scheduler: SyncScheduler;
  issuePairingCode(): Promise<string>;
  close(): Promise<void>;
}

/** Opens the store, builds the app and listens. Used by `npm run proxy`, `npm start` and the tests. */
export async function startProxy(options: StartProxyOptions = {}): Promise<RunningProxy> {
  const source = { ...(options.inheritProcessEnv === false ? {} : process.env), ...options.env };
  if (options.port !== undefined) source.PROXY_PORT = String(options.port);
  if (options.host !== undefined) source.PROXY_HOST = options.host;
  const env = loadEnv(source);
  const clock = options.clock ?? systemClock;

  const key = env.encryptionKey ?? loadOrCreateKeyFile(join(env.dataDir, 'vault.key'));
  const dbConfig = dbConfigFromEnv(env);
  const db = await openDb(dbConfig);
  let bus: EventBus | undefined;
  let server: ServerType | undefined;
  try {
    // One process owns a PGlite folder, so an in-process bus reaches every stream; PostgreSQL may be shared by
    // several proxies, which hear each other's changes through LISTEN/NOTIFY.
    bus =
      dbConfig.kind === 'pg'
        ? await createPgEventBus({ connectionString: dbConfig.connectionString, schema: dbConfig.schema, db })
        : createMemoryEventBus();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const store = createStore(db, createVault(key), bus);
  const events = createEventHub({
    bus,
    latestCursor: async (workspaceId) => encodeCursor(await store.mirror.latestSeq(workspaceId)),
  });
  try {
    const workspace = await store.workspaces.ensureDefault(clock.now());
    await store.pairingCodes.purgeExpired(clock.now());
    const adminToken = loadOrCreateAdminToken(env.dataDir);
    const endpoints = options.providers ? {} : await resolveEndpoints(env, options.fetch);

    // The app needs PUBLIC_URL for the OAuth redirect, which with port 0 is known only after listening.
    const target: { handler?: (request: Request, nodeEnv: unknown) => Response | Promise<Response> } = {};
    server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve(
        {
          fetch: (request, nodeEnv) =>
            target.handler ? target.handler(request, nodeEnv) : new Response('starting', { status: 503 }),
          port: env.port,
          hostname: env.host,
        },
        () => resolve(s),
      );
      s.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const hostForUrl = env.host.includes(':') ? `[${env.host}]` : env.host;
    const url = `http://${hostForUrl}:${address.port}`;
    const publicUrl = env.publicUrl ?? url;

    // Provider limits per company: lowered by configuration, and on PostgreSQL (several processes) counted in the
    // database too, so the processes together keep each provider's per-minute and daily limits.
    const limitsFor = configuredLimits(env);
    const limiters = createLimiterRegistry({
      limitsFor,
      ...(dbConfig.kind === 'pg' ? { sharedFor: sharedCallBudgets(store.providerCalls, limitsFor) } : {}),
    });
    const built = options.providers
      ? options.providers(publicUrl)
      : createProviders({ env, endpoints, publicUrl, clock, limiters, ...(options.fetch ? { fetch: options.fetch } : {}) });
    const providers = options.wrapProviders ? options.wrapProviders(built) : built;
    const tokens = createTokenService({
      store,
      providers,
      clock,
      onGrantDead: (connectionId, message) =>
        store.connections.setStatus(connectionId, { status: 'reconnect_required', statusMessage: message }),
    });
    const sync = createSyncService({
      store,
      providers,
      tokens,
      clock,
      ...(options.sync?.pageSize === undefined ? {} : { pageSize: options.sync.pageSize }),
      ...(options.sync?.hooks === undefined ? {} : { hooks: options.sync.hooks }),
      ...(options.sync?.manualCooldownMs === undefined ? {} : { manualCooldownMs: options.sync.manualCooldownMs }),
    });
    const app = createApp({
      store,
      providers,
      clock,
      tokens,
      sync,
      workspaceId: workspace.id,
      adminToken,
      extensionOrigins: env.extensionOrigins,
      webhookKeys: { qbo: env.webhooks.qboVerifierToken, xero: env.webhooks.xeroKey },
      events,
      ...(options.log === false ? {} : { log: options.log ?? jsonLines }),
      ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
      ...(options.seatRequestsPerMinute === undefined ? {} : { seatRequestsPerMinute: options.seatRequestsPerMinute }),
      clientAddress: (c) => {
        try {
          return getConnInfo(c).remote.address ?? 'unknown';
        } catch {
          return 'unknown';
        }
      },
    });
    target.handler = (request, nodeEnv) => app.fetch(request, nodeEnv);

    // Connections left "syncing" by a previous process (crash, restart) resume their import where it stopped.
    for (const connection of await store.connections.listAll()) {
      if (connection.status === 'syncing') sync.start(connection.id, 'reconcile');
    }
    const scheduler = createSyncScheduler({ store, sync, clock, tickMs: options.sync?.schedulerTickMs ?? 30_000 });

    const running = server;
    let closed = false;
    return {
      url,
      env,
      store,
      sync,
      providers,
      tokens,
      events,
      scheduler,
      issuePairingCode: async () => (await store.pairingCodes.issue(workspace.id, clock.now())).code,
      async close() {
        if (closed) return;
        closed = true;
        scheduler.stop();
        events.close(); // ends the SSE streams, which would otherwise hold the server open
        await new Promise<void>((resolve) => {
          running.close(() => resolve());
          // Keep-alive sockets would hold close() open.
          (running as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        });
        // Running imports stop between pages; their progress is stored, so the next start resumes them.
        await sync.shutdown();
        await bus?.close();
        await store.close();
      },
    };
  } catch (error) {
    server?.close();
    events.close();
    await bus.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}
