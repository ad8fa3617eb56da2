import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { expect } from 'vitest';
import { decimalFromNumber, type FeedItem } from '../../../lib/model';
import { createClock, type SandboxClock } from '../../../proxy-server/sandbox/emulator';
import { DEFAULT_SEED } from '../../../proxy-server/sandbox/seed/qbo-seed';
import { createEmulators, createSandboxApp, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { drainFeed, type Api } from '../proxy/helpers';
import type { SandboxQbo } from '../proxy/qbo-sync-support';

/**
 * Shared pieces of the reliability suite (issue 7): a sandbox that counts what reaches it, and the reconciliation
 * check (every entity at the sandbox vs the proxy's feed, record by record).
 */

export interface CountingSandbox extends RunningSandbox {
  /** Token-endpoint calls with grant_type=refresh_token, per provider, as the sandbox received them. */
  refreshes: { qbo: number; xero: number };
  /** Every request that reached the sandbox: `${method} ${path}`. */
  requests: string[];
}

/** startSandbox's twin that also counts requests at the listener (so "one refresh" is measured at the provider). */
export async function startCountingSandbox(options: { customers?: number; seed?: number } = {}): Promise<CountingSandbox> {
  const clock: SandboxClock = createClock();
  const seed = options.seed ?? DEFAULT_SEED;
  const emulators = createEmulators(clock, { seed, ...(options.customers === undefined ? {} : { customers: options.customers }) });
  const app = createSandboxApp({ emulators, clock, defaultSeed: seed });
  const refreshes = { qbo: 0, xero: 0 };
  const requests: string[] = [];
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve(
      {
        fetch: async (request: Request, env: unknown) => {
          const { pathname } = new URL(request.url);
          requests.push(`${request.method} ${pathname}`);
          if (request.method === 'POST' && /token/.test(pathname)) {
            const body = await request.clone().text();
            if (/grant_type=refresh_token/.test(body)) {
              if (pathname.startsWith('/xero')) refreshes.xero += 1;
              else if (pathname.startsWith('/qbo')) refreshes.qbo += 1;
            }
          }
          return app.fetch(request, env);
        },
        port: 0,
        hostname: '127.0.0.1',
      },
      () => resolve(started),
    );
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    clock,
    emulators,
    refreshes,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}

export async function control<T = unknown>(sandboxUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${sandboxUrl}/__sandbox/${path}`, {
    method,
    headers: { 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  expect(response.status, `${method} /__sandbox/${path}: ${text}`).toBeLessThan(300);
  return JSON.parse(text) as T;
}

/** QBO entity name at the sandbox → the mirror's entity, and the WHERE that lists inactive rows too. */
export const QBO_ENTITIES: [string, string, string][] = [
  ['Customer', 'customer', ' WHERE Active IN (true, false)'],
  ['Item', 'item', ' WHERE Active IN (true, false)'],
  ['Employee', 'employee', ' WHERE Active IN (true, false)'],
  ['Invoice', 'invoice', ''],
  ['Estimate', 'estimate', ''],
  ['Payment', 'payment', ''],
  ['CreditMemo', 'credit_note', ''],
];

/** The mirror as the feed tells it: live records by `${entity}:${id}`. */
export async function liveMirror(api: Api): Promise<Map<string, FeedItem & { op: 'upsert' }>> {
  const live = new Map<string, FeedItem & { op: 'upsert' }>();
  for (const item of (await drainFeed(api, undefined, 1000)).items) {
    const id = item.key.split(':').at(-1) as string;
    if (item.op === 'upsert') live.set(`${item.entity}:${id}`, item);
    else live.delete(`${item.entity}:${id}`);
  }
  return live;
}

const money = (v: unknown) => decimalFromNumber(Number(v ?? 0));

export interface Reconciliation {
  /** Records compared, per QBO entity. */
  compared: Record<string, number>;
  /** Human-readable differences; empty = the mirror equals the sandbox. */
  differences: string[];
}

/**
 * Fetches every entity from the sandbox's QBO API and compares it with the proxy's feed record by record: the same
 * ids, and per record the fields the mirror carries (name, balance, total, customer, line count, sync token via
 * updatedAt is not compared: the mirror keeps the provider's LastUpdatedTime, which we check too).
 */
export async function reconcileQbo(qbo: SandboxQbo, api: Api): Promise<Reconciliation> {
  const live = await liveMirror(api);
  const compared: Record<string, number> = {};
  const differences: string[] = [];
  for (const [name, entity, where] of QBO_ENTITIES) {
    const rows = await qbo.all(name, where);
    if (rows === null) continue;
    compared[name] = rows.length;
    const mirrored = new Set([...live.values()].filter((i) => i.entity === entity).map((i) => String((i.data as { id: string }).id)));
    const served = new Set(rows.map((r) => String(r.Id)));
    for (const id of served) if (!mirrored.has(id)) differences.push(`${name} ${id}: at the sandbox, missing from the mirror`);
    for (const id of mirrored) if (!served.has(id)) differences.push(`${name} ${id}: in the mirror, not at the sandbox`);
    for (const row of rows) {
      const id = String(row.Id);
      const data = live.get(`${entity}:${id}`)?.data as Record<string, unknown> | undefined;
      if (!data) continue;
      const diff = (field: string, mirror: unknown, sandbox: unknown) => {
        if (mirror !== sandbox) differences.push(`${name} ${id}: ${field} mirror=${JSON.stringify(mirror)} sandbox=${JSON.stringify(sandbox)}`);
      };
      if (entity === 'customer') {
        diff('displayName', data.displayName, row.DisplayName);
        diff('balance', data.balance, money(row.Balance));
        diff('active', data.active, row.Active);
      }
      if (entity === 'item' || entity === 'employee') {
        if ('active' in data) diff('active', data.active, row.Active);
      }
      if (entity === 'invoice' || entity === 'estimate') {
        diff('total', data.total, money(row.TotalAmt));
        if ('Balance' in row) diff('balance', data.balance, money(row.Balance));
        diff('customerId', data.customerId, (row.CustomerRef as { value: string } | undefined)?.value);
        diff('number', data.number ?? null, row.DocNumber ?? null);
        const lines = ((row.Line as { DetailType: string }[] | undefined) ?? []).filter((l) => l.DetailType === 'SalesItemLineDetail');
        diff('lines', (data.lines as unknown[] | undefined)?.length, lines.length);
      }
      if (entity === 'payment' || entity === 'credit_note') {
        diff('total', data.total ?? data.amount, money(row.TotalAmt));
      }
      const updated = (row.MetaData as { LastUpdatedTime?: string } | undefined)?.LastUpdatedTime;
      if (updated && typeof data.updatedAt === 'string' && Date.parse(data.updatedAt) !== Date.parse(updated)) {
        differences.push(`${name} ${id}: updatedAt mirror=${data.updatedAt} sandbox=${updated}`);
      }
    }
  }
  return { compared, differences };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small deterministic PRNG (mulberry32) for seeded random delays. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
