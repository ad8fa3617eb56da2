import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyClient } from '../../lib/proxy-client';
import { pairedAndConnected } from './support/paired';
import { testIdText } from './support/crm-record';
import { secondSeat, startStack, type Stack } from './support/stack';
import type { SandboxCompanyInfo } from './support/sandbox-api';

/**
 * The popup as a user drives it, against the built extension, the in-process sandbox (QuickBooks) and proxy: a wrong
 * pairing code, pairing, connecting through the consent page, the connection row, Sync now, disconnect, and the
 * proxy going away. One browser for the file; the steps build on each other, in order.
 */
let stack: Stack;
let popup: Page;
let company: SandboxCompanyInfo;
let other: ProxyClient;

beforeAll(async () => {
  stack = await startStack();
  other = await secondSeat(stack.proxy);
});
afterAll(async () => {
  await stack?.close();
});

const rowText = () => popup.$eval('[data-testid="connection-qbo"]', (el) => el.textContent ?? '');

describe('popup', () => {
  it('refuses a wrong pairing code with a sentence', async () => {
    const page = await stack.ext.openExtensionPage('popup.html');
    await page.locator('[data-testid="proxy-url"]').fill(stack.proxy.url);
    await page.locator('[data-testid="pair-code"]').fill('WRONG-0000');
    await page.locator('[data-testid="pair-submit"]').click();
    expect(await testIdText(page, 'pair-error')).toMatch(/code/i);
    expect(await page.$('[data-testid="connect-qbo"]')).toBeNull();
    await page.close();
  });

  it('pairs, connects QuickBooks through the consent page and shows company, state and last sync', async () => {
    ({ popup, company } = await pairedAndConnected(stack.ext, stack.proxy, stack.sandbox.url));
    await popup.waitForFunction(
      () => /Connected/.test(document.querySelector('[data-testid="connection-qbo"]')?.textContent ?? ''),
      { timeout: 30_000 },
    );
    const row = await rowText();
    expect(row).toContain(company.name);
    expect(row).toContain('Connected');
    expect(row).toMatch(/Last sync /);
  });

  it('Sync now runs a sync at the proxy', async () => {
    const [connection] = (await other.connections()).connections;
    const before = { runs: (await other.syncRuns({ connectionId: connection!.id })).runs.length, lastSyncAt: connection!.lastSyncAt ?? '' };
    // The proxy ignores a manual sync within 30 s of a successful run (proxy-server/sync/sync-service.ts).
    stack.advanceProxyClock(31_000);
    await popup.bringToFront();
    await popup.locator('[data-testid="sync-now"]').click();
    // A new run is recorded, or (when the proxy folds the request into a run already under way) the last sync moves.
    await expect
      .poll(
        async () => {
          const runs = (await other.syncRuns({ connectionId: connection!.id })).runs.length;
          const now = (await other.connections()).connections.find((c) => c.id === connection!.id);
          return runs > before.runs || (now?.lastSyncAt ?? '') > before.lastSyncAt;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    await popup.waitForFunction(() => /Connected/.test(document.querySelector('[data-testid="connection-qbo"]')?.textContent ?? ''), {
      timeout: 60_000,
    });
  });

  it('disconnects: the row goes and the proxy lists no connection', async () => {
    // pairedAndConnected accepts the confirm() dialog on this popup.
    await popup.bringToFront();
    await popup.locator('[data-testid="disconnect-qbo"]').click();
    await popup.waitForFunction(() => !document.querySelector('[data-testid="connection-qbo"]'), { timeout: 30_000 });
    expect((await other.connections()).connections).toEqual([]);
  });

  it('says the proxy is unreachable when it stops', async () => {
    await stack.stopProxy();
    await popup.bringToFront();
    // The popup's status refresh (every few seconds) fails against the stopped proxy.
    expect(await testIdText(popup, 'proxy-unreachable', 40_000)).toMatch(/unreachable/);
    await popup.close();
  });
});
