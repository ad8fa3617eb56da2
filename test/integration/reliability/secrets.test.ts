import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthorizeResponseSchema } from '../../../lib/proxy-api';
import { SANDBOX_QBO_CLIENT } from '../../../proxy-server/env';
import type { ProviderRegistry, ProviderTokens } from '../../../proxy-server/providers/provider-client';
import { startProxy, type RunningProxy } from '../../../proxy-server/server';
import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server';
import { type Api, connections, consent, pair, tempDir, waitFor } from '../proxy/helpers';

/**
 * Issue 7, suite item 6 (secrets, the proxy half): after a full connect + sync + token refresh through the real
 * sandbox, no provider access or refresh token and no client secret appears in any proxy response (body or header),
 * in the request log, in anything the proxy printed, or in plaintext anywhere in the data dir's files (raw, hex,
 * base64 at every byte alignment, base64url). The extension half (chrome.storage, IndexedDB) is a TODO in
 * docs/RELIABILITY.md.
 */
let sandbox: RunningSandbox;
let proxy: RunningProxy;
let dir: ReturnType<typeof tempDir>;
let api: Api;
const issued: ProviderTokens[] = [];
const logLines: string[] = [];
const printed: string[] = [];
const responses: { what: string; text: string }[] = [];
/** Stored in plaintext on purpose (a seat name): proves the scan reads the table data it claims to. */
const CANARY = 'canary-seat-name-5e1f0c';
const originalConsole = { log: console.log, info: console.info, warn: console.warn, error: console.error };

/** Records every token the provider client hands the proxy (code exchange and refresh). */
const capture = (registry: ProviderRegistry): ProviderRegistry => {
  const qbo = registry.qbo;
  if (!qbo) return registry;
  return {
    ...registry,
    qbo: {
      ...qbo,
      exchangeCode: async (url) => {
        const grant = await qbo.exchangeCode(url);
        issued.push(grant.tokens);
        return grant;
      },
      refresh: async (tokens) => {
        const next = await qbo.refresh(tokens);
        issued.push(next);
        return next;
      },
    },
  };
};

async function record(what: string, response: Response): Promise<string> {
  const text = await response.text();
  responses.push({ what, text: `${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${text}` });
  return text;
}

async function get(pathname: string): Promise<string> {
  return record(`GET ${pathname}`, await api.request('GET', pathname));
}

/** Every encoding a secret could be stored under without encryption. */
function encodings(secret: string): string[] {
  const raw = Buffer.from(secret, 'utf8');
  const forms = [secret, raw.toString('hex'), raw.toString('base64url').slice(1, -2)];
  // base64 of a secret embedded in a longer value depends on its byte offset modulo 3: take the stable middle.
  for (let shift = 0; shift < 3; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
    forms.push(encoded.slice(Math.ceil((shift * 4) / 3) + 1, -4));
  }
  return forms.filter((f) => f.length >= 16);
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root)) {
    const full = path.join(root, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    console[level] = (...args: unknown[]) => {
      printed.push(args.map(String).join(' '));
      originalConsole[level](...args);
    };
  }
  sandbox = await startSandbox({ port: 0 });
  dir = tempDir('ll-secrets-');
  proxy = await startProxy({
    port: 0,
    inheritProcessEnv: false,
    env: { SANDBOX_URL: sandbox.url, LEDGERLENS_DATA_DIR: dir.path },
    // The test presses "Sync now" right after the initial sync to force a token refresh: no cool-down.
    sync: { manualCooldownMs: 0 },
    log: (entry) => logLines.push(JSON.stringify(entry)),
    wrapProviders: capture,
  });
  api = await pair(proxy, CANARY);
});

afterAll(async () => {
  Object.assign(console, originalConsole);
  await proxy?.close().catch(() => undefined);
  await sandbox?.close();
  if (dir) rmSync(dir.path, { recursive: true, force: true });
});

describe('secrets: provider tokens and the client secret never leave the vault', () => {
  it('connects, syncs, refreshes and reads everything a seat can read', async () => {
    const company = ((await (await fetch(`${sandbox.url}/__sandbox/companies`)).json()) as { provider: string; id: string }[]).find((c) => c.provider === 'qbo');
    const authorize = await api.request('POST', '/v1/connections/authorize', { provider: 'qbo' });
    const { authorizeUrl } = AuthorizeResponseSchema.parse(JSON.parse(await record('POST /v1/connections/authorize', authorize)));
    const callback = await consent(authorizeUrl, { company: company!.id });
    expect((await fetch(callback)).status).toBe(200);
    const [connection] = await waitFor('the initial sync', async () => {
      const list = await connections(api);
      return list[0]?.status === 'connected' ? list : undefined;
    });
    await proxy.sync.idle();
    // An expired access token: the next sync refreshes (and QBO rotates the refresh token).
    await fetch(`${sandbox.url}/__sandbox/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 3700 }) });
    await record('POST sync', await api.request('POST', `/v1/connections/${connection!.id}/sync`));
    await proxy.sync.idle();
    expect(issued.length).toBeGreaterThanOrEqual(2);

    let cursor = '';
    for (let page = 0; page < 1000; page += 1) {
      const text = await get(`/v1/feed?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      const body = JSON.parse(text) as { cursor: string; hasMore: boolean };
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    for (const pathname of ['/v1/me', '/v1/connections', '/v1/seats', '/v1/sync-runs', '/v1/skipped-records', '/healthz', '/openapi.json']) await get(pathname);
    await record('GET callback replay', await fetch(callback));
    await record('POST /v1/pairing-codes', await api.request('POST', '/v1/pairing-codes'));
    // The SSE stream's first event.
    const controller = new AbortController();
    const events = await fetch(`${proxy.url}/v1/events`, { headers: { Authorization: `Bearer ${api.token}` }, signal: controller.signal });
    const reader = events.body!.getReader();
    const first = await reader.read();
    responses.push({ what: 'GET /v1/events', text: Buffer.from(first.value ?? new Uint8Array()).toString('utf8') });
    controller.abort();
  });

  it('no token or client secret in any response body or header, the request log, or anything printed', () => {
    const secrets = [...new Set(issued.flatMap((t) => [t.accessToken, t.refreshToken])), SANDBOX_QBO_CLIENT.clientSecret];
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    const leaks: string[] = [];
    for (const secret of secrets) {
      for (const form of encodings(secret)) {
        for (const r of responses) if (r.text.includes(form)) leaks.push(`${r.what} contains a secret`);
        if (logLines.some((l) => l.includes(form))) leaks.push('the request log contains a secret');
        if (printed.some((l) => l.includes(form))) leaks.push('console output contains a secret');
      }
    }
    expect(leaks).toEqual([]);
    expect(responses.length).toBeGreaterThan(8);
    expect(logLines.length).toBeGreaterThan(8);
  });

  it('no token or client secret in plaintext in any file of the data dir (store, WAL, key file)', async () => {
    const secrets = [...new Set(issued.flatMap((t) => [t.accessToken, t.refreshToken])), SANDBOX_QBO_CLIENT.clientSecret];
    await proxy.close(); // flushes PGlite to its files
    const files = filesUnder(dir.path);
    expect(files.length).toBeGreaterThan(10);
    let bytes = 0;
    let canarySeen = false;
    const leaks: string[] = [];
    for (const file of files) {
      const content = readFileSync(file);
      bytes += content.length;
      const text = content.toString('latin1');
      if (text.includes(CANARY)) canarySeen = true;
      for (const secret of secrets) {
        for (const form of encodings(secret)) if (text.includes(form)) leaks.push(`${path.relative(dir.path, file)} contains a secret (${form.slice(0, 6)}…)`);
      }
    }
    console.info(`secrets: ${secrets.length} secrets × their encodings checked in ${responses.length} responses, ${logLines.length} log lines, ${files.length} files (${bytes} bytes)`);
    expect(leaks).toEqual([]);
    expect(canarySeen).toBe(true);
  });
});
