import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import type { LogSink } from '../../proxy-server/http/request-log';
import { startProxy, type RunningProxy } from '../../proxy-server/server';
import { createClock } from '../../proxy-server/sandbox/emulator';
import { createEmulators, createSandboxApp } from '../../proxy-server/sandbox/server';
import { DEFAULT_SEED } from '../../proxy-server/sandbox/seed/qbo-seed';
import { SEAT_TOKEN_PREFIX, randomToken, sha256Hex } from '../../proxy-server/security/secrets';

/**
 * The pieces every proxy benchmark needs, on loopback only: a sandbox whose every request is counted where it
 * arrives (a wrapper around the sandbox app's fetch, so nothing the proxy does can hide a call), a proxy with its
 * own temporary data dir, and seats.
 */
export interface RequestCounts {
  /** Provider API calls (QBO /v3/company/…, Xero /api.xro/… and /connections). */
  api: number;
  /** OAuth endpoints and consent pages (token, revoke, authorize). */
  oauth: number;
  /** Control API and demo CRM: the harness's own calls, not the product's. */
  harness: number;
  byPath: Map<string, number>;
  /** Provider API answers by status class: 429 and 5xx are failed calls. */
  apiStatus: Map<number, number>;
}

export interface CountingSandbox {
  url: string;
  /** The emulators behind it (benchmarks lift rate limits for their own after-the-fact counting calls). */
  emulators: ReturnType<typeof createEmulators>;
  counts: RequestCounts;
  resetCounts(): void;
  close(): Promise<void>;
}

function category(pathname: string): 'api' | 'oauth' | 'harness' {
  if (pathname.startsWith('/__sandbox') || pathname.startsWith('/demo-crm')) return 'harness';
  if (/^\/qbo\/v3\/company\//.test(pathname) || /^\/xero\/(api\.xro|connections)/.test(pathname)) return 'api';
  return 'oauth';
}

export async function startCountingSandbox(options: { seed?: number; customers?: number } = {}): Promise<CountingSandbox> {
  const clock = createClock();
  const seed = options.seed ?? DEFAULT_SEED;
  const emulators = createEmulators(clock, { seed, ...(options.customers === undefined ? {} : { customers: options.customers }) });
  const app = createSandboxApp({ emulators, clock, defaultSeed: seed });
  const counts: RequestCounts = { api: 0, oauth: 0, harness: 0, byPath: new Map(), apiStatus: new Map() };
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch: async (request, env) => {
          const url = new URL(request.url);
          const pathname = url.pathname;
          const kind = category(pathname);
          counts[kind] += 1;
          // Ids replaced so the table groups by endpoint, not by company; a QBO query is told apart by its entity.
          const entity = pathname.endsWith('/query') ? /\bFROM\s+(\w+)/i.exec(url.searchParams.get('query') ?? '')?.[1] : undefined;
          const key = `${request.method} ${pathname.replace(/\/company\/[^/]+/, '/company/{id}').replace(/\/\d+(?=\/|$)/g, '/{n}')}${entity ? ` ${entity}` : ''}`;
          counts.byPath.set(key, (counts.byPath.get(key) ?? 0) + 1);
          const response = await app.fetch(request, env);
          if (kind === 'api') counts.apiStatus.set(response.status, (counts.apiStatus.get(response.status) ?? 0) + 1);
          return response;
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    emulators,
    counts,
    resetCounts() {
      counts.api = 0;
      counts.oauth = 0;
      counts.harness = 0;
      counts.byPath.clear();
      counts.apiStatus.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export interface BenchProxy {
  proxy: RunningProxy;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * A proxy on an ephemeral loopback port with its own data dir (PGlite), isolated from the developer's env; no request
 * log unless `log` is given.
 */
export async function startBenchProxy(sandboxUrl: string, extra: Record<string, string> = {}, options: { seatRequestsPerMinute?: number; log?: LogSink | false } = {}): Promise<BenchProxy> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'll-bench-'));
  const proxy = await startProxy({
    port: 0,
    host: '127.0.0.1',
    inheritProcessEnv: false,
    env: { SANDBOX_URL: sandboxUrl, LEDGERLENS_DATA_DIR: dataDir, ...extra },
    log: false,
    ...options,
  });
  return {
    proxy,
    dataDir,
    async close() {
      await proxy.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A seat exactly as POST /v1/pair makes one (token hashed, first seat owner), created through the store: /v1/pair
 * allows 10 attempts a minute per client address, and fifty seats all come from 127.0.0.1 here.
 */
export async function createSeat(proxy: RunningProxy, name: string): Promise<string> {
  const token = randomToken(SEAT_TOKEN_PREFIX);
  const workspace = await proxy.store.workspaces.ensureDefault(Date.now());
  await proxy.store.seats.create({ workspaceId: workspace.id, name, tokenHash: sha256Hex(token), now: Date.now() });
  return token;
}

async function ok<T>(response: Response, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok) throw new Error(`${what}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

export function authed(token: string, init: RequestInit = {}): RequestInit {
  return { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } };
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Connects a provider company the way a user does: authorize, the sandbox's consent form, the callback. */
export async function connectProvider(proxyUrl: string, token: string, provider: 'qbo' | 'xero', companyId: string): Promise<void> {
  const { authorizeUrl } = await ok<{ authorizeUrl: string }>(
    await fetch(`${proxyUrl}/v1/connections/authorize`, authed(token, { method: 'POST', body: JSON.stringify({ provider }) })),
    'authorize',
  );
  const html = await (await fetch(authorizeUrl)).text();
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(match[1] as string, decodeEntities(match[2] as string));
  }
  form.set('company', companyId);
  form.set('decision', 'allow');
  const post = await fetch(authorizeUrl.split('?')[0] as string, { method: 'POST', body: form, redirect: 'manual' });
  const location = post.headers.get('location');
  if (post.status !== 302 || !location) throw new Error(`consent did not redirect (${post.status})`);
  const landing = await fetch(location);
  if (landing.status !== 200) throw new Error(`callback answered ${landing.status}: ${(await landing.text()).slice(0, 300)}`);
}

export async function sandboxCompany(sandboxUrl: string, provider: 'qbo' | 'xero'): Promise<{ id: string; name: string; currency: string }> {
  const companies = await ok<{ provider: string; id: string; name: string; currency: string }[]>(
    await fetch(`${sandboxUrl}/__sandbox/companies`),
    'companies',
  );
  const company = companies.find((c) => c.provider === provider);
  if (!company) throw new Error(`the sandbox has no ${provider} company`);
  return company;
}

export interface ConnectionView {
  id: string;
  provider: string;
  status: string;
  statusMessage: string | null;
}

export async function listConnections(proxyUrl: string, token: string): Promise<ConnectionView[]> {
  return (await ok<{ connections: ConnectionView[] }>(await fetch(`${proxyUrl}/v1/connections`, authed(token)), 'connections')).connections;
}

/** Polls until every connection is "connected" (or fails on error states), bounded in time. */
export async function waitConnected(proxyUrl: string, token: string, timeoutMs = 120_000): Promise<ConnectionView[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A keep-alive socket the proxy closed while its event loop was busy with an import fails the next poll before
    // any byte is answered ("fetch failed"); a GET is safe to repeat, so a poll that fails that way is retried.
    const list = await listConnections(proxyUrl, token).catch(async (error: unknown) => {
      if (!(error instanceof TypeError) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
      return listConnections(proxyUrl, token);
    });
    if (list.length > 0 && list.every((c) => c.status === 'connected')) return list;
    const broken = list.find((c) => c.status === 'error' || c.status === 'reconnect_required');
    if (broken) throw new Error(`connection ${broken.id} is ${broken.status}: ${broken.statusMessage}`);
    if (Date.now() > deadline) throw new Error('timed out waiting for the sync');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pages the feed to its end with fetch; returns pages and items seen. */
export async function drainFeed(proxyUrl: string, token: string, limit = 500): Promise<{ pages: number; items: number; cursor: string }> {
  let cursor = '';
  let pages = 0;
  let items = 0;
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await ok<{ items: unknown[]; cursor: string; hasMore: boolean }>(
      await fetch(`${proxyUrl}/v1/feed?${query}`, authed(token)),
      'feed',
    );
    pages += 1;
    items += page.items.length;
    cursor = page.cursor;
    if (!page.hasMore) return { pages, items, cursor };
  }
}
