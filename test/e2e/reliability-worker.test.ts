import type { Page, Target } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedItem } from '../../lib/model';
import { drainFeed, pair } from '../integration/proxy/helpers';
import { sandboxCompanies } from './support/sandbox-api';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 7 item 3, the extension half: the background service worker is stopped in the middle of pulling a large
 * change feed into Dexie (puppeteer 24's WebWorker.close(): CDP Target.closeTarget on the service_worker target, which
 * is how Chromium stops an extension worker; chrome.runtime.reload would reinstall the extension instead). The
 * worker is woken again by an extension event — opening the popup, whose first message starts it — and resumes from
 * the cursor it committed with the last page; Dexie then holds exactly the proxy's mirror: the same record keys per
 * table as the live records of the feed.
 */
const CUSTOMERS = Number(process.env.WORKER_CUSTOMERS ?? 3000);
const INVOICES = Number(process.env.WORKER_INVOICES ?? 6000);
let stack: Stack;

const TABLES: Record<string, string> = {
  customer: 'customers',
  invoice: 'invoices',
  estimate: 'estimates',
  payment: 'payments',
  credit_note: 'creditNotes',
  item: 'items',
  employee: 'employees',
  vendor: 'vendors',
};

/**
 * Keys per Dexie table, read from an extension page (same origin as the worker, so the same IndexedDB). Customers
 * are stored in chunks since schema v4 (lib/db/customer-store.ts): their keys are the entries of the chunks' `keys`
 * index, reported as `customers`.
 */
async function dexieKeys(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async (tables: string[]) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('ledgerlens');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const out: Record<string, string[]> = {};
    for (const table of tables) {
      if (table === 'customers') {
        if (!db.objectStoreNames.contains('customerChunks')) continue;
        out[table] = await new Promise<string[]>((resolve, reject) => {
          const keys: string[] = [];
          const request = db.transaction('customerChunks', 'readonly').objectStore('customerChunks').index('keys').openKeyCursor();
          request.onsuccess = () => {
            const cursor = request.result;
            if (!cursor) return resolve(keys);
            keys.push(String(cursor.key));
            cursor.continue();
          };
          request.onerror = () => reject(request.error);
        });
        continue;
      }
      if (!db.objectStoreNames.contains(table)) continue;
      out[table] = await new Promise<string[]>((resolve, reject) => {
        const request = db.transaction(table, 'readonly').objectStore(table).getAllKeys();
        request.onsuccess = () => resolve((request.result as IDBValidKey[]).map(String));
        request.onerror = () => reject(request.error);
      });
    }
    db.close();
    return out;
  }, Object.values(TABLES));
}

const total = (keys: Record<string, string[]>) => Object.values(keys).reduce((n, k) => n + k.length, 0);

const isWorker = (id: string) => (t: Target) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${id}/`);

beforeAll(async () => {
  stack = await startStack();
  const response = await fetch(`${stack.sandbox.url}/__sandbox/reset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ provider: 'qbo', customers: CUSTOMERS, invoices: INVOICES }),
  });
  expect(response.status).toBe(200);
});

afterAll(async () => {
  await stack?.close();
});

describe('service worker stopped mid-feed', () => {
  it('resumes from its cursor when woken, and Dexie ends equal to the proxy mirror', async () => {
    const { ext, proxy } = stack;
    const company = (await sandboxCompanies(stack.sandbox.url)).find((c) => c.provider === 'qbo');
    if (!company) throw new Error('no QBO company');
    // The expected state: the proxy's import first (so the feed is complete), read by another seat.
    const popup = await ext.openExtensionPage('popup.html');
    await popup.locator('[data-testid="proxy-url"]').fill(proxy.url);
    await popup.locator('[data-testid="pair-code"]').fill(await proxy.issuePairingCode());
    await popup.locator('[data-testid="pair-submit"]').click();
    const consentTarget = ext.browser.waitForTarget((t) => t.url().includes('/qbo/connect/oauth2'), { timeout: 30_000 });
    await popup.locator('[data-testid="connect-qbo"]').click();
    const consent = (await (await consentTarget).page())!;
    await consent.locator(`[data-testid="sandbox-company-${company.id}"]`).click();
    await Promise.all([consent.waitForNavigation(), consent.locator('[data-testid="sandbox-authorize"]').click()]);
    await consent.close();
    await popup.close();

    const probe = await ext.openExtensionPage('options.html');
    // Stop the worker once Dexie has some, but not all, of the feed.
    let stoppedAt = -1;
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const n = total(await dexieKeys(probe));
      if (n >= 500) {
        const target = await ext.browser.waitForTarget(isWorker(ext.extensionId), { timeout: 5000 });
        const worker = await target.worker();
        await worker?.close();
        stoppedAt = n;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(stoppedAt, 'the pull never started').toBeGreaterThan(0);
    // The worker is gone and Dexie stops growing.
    await new Promise((r) => setTimeout(r, 1500));
    const workersAfterStop = ext.browser.targets().filter(isWorker(ext.extensionId)).length;
    const afterStop = total(await dexieKeys(probe));

    await proxy.sync.idle();
    const seat = await pair(proxy, 'Reference seat');
    const live = new Map<string, FeedItem>();
    for (const item of (await drainFeed(seat, undefined, 1000)).items) {
      // Keys are unique per entity, not across entities (customer 1 and item 1 share `qbo:<realm>:1`).
      if (item.op === 'upsert') live.set(`${item.entity} ${item.key}`, item);
      else live.delete(`${item.entity} ${item.key}`);
    }
    const expected: Record<string, string[]> = {};
    for (const item of live.values()) (expected[TABLES[item.entity] ?? item.entity] ??= []).push(item.key);
    for (const keys of Object.values(expected)) keys.sort();
    const expectedTotal = live.size;
    console.info(`[reliability 3 worker] stopped the worker at ${stoppedAt} rows; ${workersAfterStop} worker target(s) after; ${afterStop} rows 1.5 s later; the mirror has ${expectedTotal}`);
    expect(stoppedAt).toBeLessThan(expectedTotal);
    expect(afterStop).toBeLessThan(expectedTotal);

    // Wake it: the popup's first message starts the worker, whose start() pulls from the stored cursor.
    const woken = await ext.openExtensionPage('popup.html');
    await ext.browser.waitForTarget(isWorker(ext.extensionId), { timeout: 30_000 });
    let got: Record<string, string[]> = {};
    const until = Date.now() + 90_000;
    while (Date.now() < until) {
      got = await dexieKeys(probe);
      if (total(got) >= expectedTotal) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await woken.close();
    const actual: Record<string, string[]> = {};
    for (const [table, keys] of Object.entries(got)) if (keys.length > 0 && Object.values(TABLES).includes(table)) actual[table] = [...keys].sort();
    console.info(`[reliability 3 worker] after waking: ${total(got)} rows in Dexie vs ${expectedTotal} live records in the feed`);
    expect(actual).toEqual(expected);
  });
});
