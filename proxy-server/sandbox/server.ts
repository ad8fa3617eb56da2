import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { createControlRoutes } from './control-routes.js';
import { controlError } from './control-errors.js';
import { createFaultInjector, type FaultInjector } from './fault-injector.js';
import { createClock, type ProviderEmulator, type SandboxClock } from './emulator.js';
import { createDemoCrmRoutes } from './demo-crm/routes.js';
import { createQboEmulator } from './qbo/index.js';
import { createXeroEmulator } from './xero/index.js';
import { DEFAULT_SEED } from './seed/qbo-seed.js';

export interface SandboxAppDeps {
  emulators: readonly ProviderEmulator[];
  clock: SandboxClock;
  defaultSeed?: number;
  faults?: FaultInjector;
}

/** The whole sandbox as a Hono app (no listen): control API at /__sandbox, each emulator at /{provider}. */
export function createSandboxApp(deps: SandboxAppDeps): Hono {
  const app = new Hono();
  const faults = deps.faults ?? createFaultInjector();
  app.route(
    '/__sandbox',
    createControlRoutes({ emulators: deps.emulators, clock: deps.clock, defaultSeed: deps.defaultSeed ?? DEFAULT_SEED, faults }),
  );
  for (const emulator of deps.emulators) {
    emulator.attachFaults?.(faults);
    app.use(`/${emulator.provider}/*`, faults.middleware(emulator));
    app.route(`/${emulator.provider}`, emulator.routes);
  }
  // Hono routes are strict about the trailing slash; people type both.
  app.get('/demo-crm/', (c) => c.redirect('/demo-crm'));
  app.route('/demo-crm', createDemoCrmRoutes(() => deps.emulators.flatMap((emulator) => emulator.demoContacts?.() ?? [])));
  app.notFound((c) =>
    c.req.path.startsWith('/__sandbox') ? controlError(c, 404, 'not_found', `No control route ${c.req.method} ${c.req.path}.`) : c.text('Not Found', 404),
  );
  return app;
}

/** Factories for every emulator the sandbox runs. */
export function createEmulators(clock: SandboxClock, seed: { seed: number; customers?: number }): ProviderEmulator[] {
  return [
    createQboEmulator({ clock, seed }),
    createXeroEmulator({ clock, seed }),
  ];
}

export interface StartSandboxOptions {
  /** 0 = ephemeral. Default 0. */
  port?: number;
  host?: string;
  seed?: number;
  customers?: number;
}

export interface RunningSandbox {
  /** e.g. `http://127.0.0.1:54321`, no trailing slash. */
  url: string;
  close(): Promise<void>;
  clock: SandboxClock;
  emulators: ProviderEmulator[];
}

export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const clock = createClock();
  const seed = options.seed ?? DEFAULT_SEED;
  const emulators = createEmulators(clock, { seed, ...(options.customers === undefined ? {} : { customers: options.customers }) });
  const app = createSandboxApp({ emulators, clock, defaultSeed: seed });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(started));
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${hostInUrl}:${address.port}`,
    clock,
    emulators,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold close() open until they time out.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
