import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { FeedPageSchema, type Connection, type FeedItem } from '../../../lib/model';
import { ConnectionsResponseSchema, PairResponseSchema } from '../../../lib/proxy-api';
import { startProxy, type RunningProxy, type StartProxyOptions } from '../../../proxy-server/server';

export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A proxy on port 0 with its own data dir, isolated from the developer's environment. */
export async function startTestProxy(env: StartProxyOptions['env'], options: Omit<StartProxyOptions, 'env'> = {}) {
  const dir = tempDir('ledgerlens-proxy-');
  const proxy = await startProxy({
    port: 0,
    inheritProcessEnv: false,
    env: { LEDGERLENS_DATA_DIR: dir.path, ...env },
    log: false,
    ...options,
    // Tests press "Sync now" to run a sync on demand: no manual cool-down unless a test asks for one (issue 7's P4).
    sync: { manualCooldownMs: 0, ...options.sync },
  });
  return {
    proxy,
    dataDir: dir.path,
    async close() {
      await proxy.close();
      dir.remove();
    },
  };
}

export class Api {
  constructor(
    readonly base: string,
    public token?: string,
  ) {}
  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(this.token ? { Authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
  async json<T = unknown>(method: string, path: string, body?: unknown, expectStatus = 200): Promise<T> {
    const response = await this.request(method, path, body);
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBe(expectStatus);
    return JSON.parse(text) as T;
  }
}

export async function pair(proxy: RunningProxy, name = 'Test seat'): Promise<Api> {
  const api = new Api(proxy.url);
  const body = PairResponseSchema.parse(await api.json('POST', '/v1/pair', { code: await proxy.issuePairingCode(), name }, 201));
  api.token = body.token;
  return api;
}

export async function connections(api: Api): Promise<Connection[]> {
  return ConnectionsResponseSchema.parse(await api.json('GET', '/v1/connections')).connections;
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Pages the feed from cursor to the end. */
export async function drainFeed(api: Api, cursor?: string, limit = 7): Promise<{ items: FeedItem[]; cursor: string; pages: number }> {
  const items: FeedItem[] = [];
  let pages = 0;
  for (;;) {
    const query = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = FeedPageSchema.parse(await api.json('GET', `/v1/feed?${query}`));
    items.push(...page.items);
    cursor = page.cursor;
    pages += 1;
    if (!page.hasMore) return { items, cursor, pages };
  }
}

/** Drives the sandbox's consent form like a browser: GET the page, POST the form, return the redirect target. */
export async function consent(authorizeUrl: string, options: { company?: string; decision?: 'allow' | 'deny' } = {}) {
  const pageResponse = await fetch(authorizeUrl);
  const html = await pageResponse.text();
  expect(pageResponse.status, html).toBe(200);
  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    form.set(match[1] as string, decodeEntities(match[2] as string));
  }
  const firstCompany = /name="company" value="([^"]+)"/.exec(html)?.[1];
  form.set('company', options.company ?? decodeEntities(firstCompany ?? ''));
  form.set('decision', options.decision ?? 'allow');
  const post = await fetch(authorizeUrl.split('?')[0] as string, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  expect(post.status).toBe(302);
  const location = post.headers.get('location');
  if (!location) throw new Error('consent gave no redirect');
  return new URL(location);
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
