import type { Page, Target } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_QBO_CLIENT, SANDBOX_XERO_CLIENT } from '../../proxy-server/env';
import { pairedAndConnected } from './support/paired';
import { qboCustomers } from './support/sandbox-api';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 7 item 6, the extension half (the proxy half is test/integration/reliability/secrets.test.ts): after pair +
 * connect + the initial sync + a forced token refresh (QBO rotates both tokens) + "Sync now", with the built
 * extension in Chromium, nothing the extension stores holds a provider token or a client secret: chrome.storage
 * (local, session, sync — read inside the service worker) and every IndexedDB database of the extension origin
 * (every object store, every record), each scanned as raw text, base64, base64url, hex and URL-encoded. A canary —
 * a customer's display name — must be found by the same scan, proving it read the data.
 */
let stack: Stack;
let connectionId: string;
const secrets = new Map<string, string>();

function encodings(secret: string): [string, string][] {
  const bytes = Buffer.from(secret, 'utf8');
  return [
    ['raw', secret],
    ['base64', bytes.toString('base64').replace(/=+$/, '')],
    ['base64url', bytes.toString('base64url')],
    ['hex', bytes.toString('hex')],
    ['url-encoded', encodeURIComponent(secret)],
  ];
}

const isWorker = (id: string) => (t: Target) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`);

async function storageDump(): Promise<Record<string, string>> {
  const target = await stack.ext.browser.waitForTarget(isWorker(stack.ext.extensionId), { timeout: 30_000 });
  const worker = await target.worker();
  if (!worker) throw new Error('no service worker');
  return worker.evaluate(async () => {
    const areas = { local: chrome.storage.local, session: chrome.storage.session, sync: chrome.storage.sync };
    const out: Record<string, string> = {};
    for (const [name, area] of Object.entries(areas)) out[name] = JSON.stringify(await area.get(null));
    return out;
  });
}

async function indexedDbDump(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const out: Record<string, string> = {};
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(info.name as string);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((resolve, reject) => {
          const request = db.transaction(store, 'readonly').objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result as unknown[]);
          request.onerror = () => reject(request.error);
        });
        out[`${info.name}/${store}`] = JSON.stringify(rows);
      }
      db.close();
    }
    return out;
  });
}

beforeAll(async () => {
  stack = await startStack();
  const paired = await pairedAndConnected(stack.ext, stack.proxy, stack.sandbox.url);
  const [connection] = await stack.proxy.store.connections.listAll();
  if (!connection) throw new Error('no connection');
  connectionId = connection.id;
  const first = await stack.proxy.store.connections.getTokens(connectionId);
  if (!first) throw new Error('no tokens');
  secrets.set('QBO access token (1st)', first.tokens.accessToken);
  secrets.set('QBO refresh token (1st)', first.tokens.refreshToken);
  // Rotate: the proxy refreshes as if the provider had rejected the access token.
  await stack.proxy.tokens.accessToken(connectionId, first.tokens.accessToken);
  const second = await stack.proxy.store.connections.getTokens(connectionId);
  if (!second || second.tokens.refreshToken === first.tokens.refreshToken) throw new Error('the refresh did not rotate the tokens');
  secrets.set('QBO access token (2nd)', second.tokens.accessToken);
  secrets.set('QBO refresh token (2nd)', second.tokens.refreshToken);
  secrets.set('QBO client secret', SANDBOX_QBO_CLIENT.clientSecret);
  secrets.set('Xero client secret', SANDBOX_XERO_CLIENT.clientSecret);
  // One more sync after the rotation, pulled by the extension.
  stack.advanceProxyClock(60_000);
  await paired.popup.bringToFront();
  await paired.popup.locator('[data-testid="sync-now"]').click();
  await stack.proxy.sync.idle();
  await paired.popup.waitForFunction(() => !document.querySelector('[data-testid="sync-progress"]'), { timeout: 60_000 });
  await paired.popup.close();
});

afterAll(async () => {
  await stack?.close();
});

describe('no provider secret in the extension', () => {
  it('chrome.storage (local, session, sync) and every IndexedDB database of the extension origin hold none', async () => {
    const page = await stack.ext.openExtensionPage('options.html');
    const dumps: Record<string, string> = {};
    for (const [area, text] of Object.entries(await storageDump())) dumps[`chrome.storage.${area}`] = text;
    for (const [store, text] of Object.entries(await indexedDbDump(page))) dumps[`indexedDB ${store}`] = text;
    await page.close();

    const customers = await qboCustomers(stack.sandbox.url, (await stack.proxy.store.connections.getById(connectionId))!.companyId);
    const canary = customers.find((c) => /^[A-Za-z ]{6,}$/.test(c.DisplayName))?.DisplayName ?? '';
    const all = Object.values(dumps).join('\n');
    const bytes = all.length;
    expect(canary.length).toBeGreaterThan(0);
    expect(all.includes(canary), `canary "${canary}" not found: the scan is not reading the data`).toBe(true);
    // The seat token (the extension's own credential) is expected in chrome.storage.local; it is not a provider secret.
    const leaks: string[] = [];
    for (const [name, secret] of secrets) {
      expect(secret.length).toBeGreaterThan(8);
      for (const [encoding, form] of encodings(secret)) {
        for (const [where, text] of Object.entries(dumps)) if (text.includes(form)) leaks.push(`${name} (${encoding}) in ${where}`);
      }
    }
    console.info(
      `[reliability 6 extension] ${secrets.size} secrets × 5 encodings scanned in ${Object.keys(dumps).length} places (${bytes} chars): ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
  });
});
