import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy } from '../../proxy-server/server';
import { startSandbox } from '../../proxy-server/sandbox/server';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startHttpsFixtureServer, type FixtureServer } from './support/https-server';
import { emailsOf, qboCustomers, sandboxCompanies, type QboCustomerJson } from './support/sandbox-api';

const FIXTURE = readFileSync(path.resolve(import.meta.dirname, '../fixtures/crm/hubspot/contact-record.html'), 'utf8');
const FIXTURE_EMAIL = 'ada.lovelace@example.com';
const RECORD_PATH = '/contacts/4242/record/0-1/1001';

type Stack = Awaited<ReturnType<typeof startSandbox>>;
type Proxy = Awaited<ReturnType<typeof startProxy>>;

let sandbox: Stack;
let proxy: Proxy;
let fixtures: FixtureServer;
let ext: ExtensionBrowser;
let dataDir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'll-e2e-'));
  proxy = await startProxy({ port: 0, env: { SANDBOX_URL: sandbox.url, LEDGERLENS_DATA_DIR: dataDir } });
  fixtures = await startHttpsFixtureServer();
  ext = await launchWithExtension({ hostMap: ['app.hubspot.com'] });
});

afterAll(async () => {
  await ext?.close();
  await fixtures?.close();
  await proxy?.close();
  await sandbox?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A customer whose email no other customer shares, with an open balance, preferring a foreign currency. */
function pickCustomer(customers: QboCustomerJson[], homeCurrency: string): QboCustomerJson {
  const emailCount = new Map<string, number>();
  for (const c of customers) for (const e of emailsOf(c)) emailCount.set(e, (emailCount.get(e) ?? 0) + 1);
  const candidates = customers.filter(
    (c) => c.Active !== false && (c.Balance ?? 0) > 0 && emailsOf(c).length === 1 && emailCount.get(emailsOf(c)[0]!) === 1,
  );
  const foreign = candidates.find((c) => c.CurrencyRef?.value && c.CurrencyRef.value !== homeCurrency);
  const chosen = foreign ?? candidates[0];
  if (!chosen) throw new Error('the sandbox seed has no customer with a unique email and an open balance');
  return chosen;
}

async function testIdText(frame: Page | Frame, testId: string): Promise<string> {
  const handle = await frame.waitForSelector(`[data-testid="${testId}"]`, { timeout: 30_000 });
  return (await handle!.evaluate((el) => el.textContent ?? '')).trim();
}

async function panelFrame(page: Page): Promise<Frame> {
  return page.waitForFrame((f) => f.url().startsWith(`chrome-extension://${ext.extensionId}/panel.html`), {
    timeout: 30_000,
  });
}

async function openCrmPage(html: string): Promise<Page> {
  fixtures.route(RECORD_PATH, html);
  const page = await ext.browser.newPage();
  await page.goto(`https://app.hubspot.com:${fixtures.port}${RECORD_PATH}`);
  return page;
}

/**
 * Customers stored in every Dexie database of the extension's origin: entries of the `keys` index of its customer
 * chunks (schema v4, lib/db/customer-store.ts: one entry per stored customer).
 */
async function localCustomerCount(extensionPage: Page): Promise<number> {
  return extensionPage.evaluate(async () => {
    let total = 0;
    for (const info of await indexedDB.databases()) {
      if (!info.name) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      if (db.objectStoreNames.contains('customerChunks')) {
        total += await new Promise<number>((resolve, reject) => {
          const count = db.transaction('customerChunks').objectStore('customerChunks').index('keys').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        });
      }
      db.close();
    }
    return total;
  });
}

describe('walking skeleton: a QuickBooks balance on a HubSpot contact page', () => {
  it('pairs, connects through the consent page, syncs, and shows exactly the sandbox balance; disconnect clears it', async () => {
    const company = (await sandboxCompanies(sandbox.url)).find((c) => c.provider === 'qbo');
    expect(company).toBeDefined();
    const customers = await qboCustomers(sandbox.url, company!.id);
    const target = pickCustomer(customers, company!.currency);
    const targetEmail = emailsOf(target)[0]!;

    // Pair the extension with the proxy, as a user would with the code `npm start` prints.
    const popup = await ext.openExtensionPage('popup.html');
    popup.on('dialog', (dialog) => void dialog.accept());
    await popup.locator('[data-testid="proxy-url"]').fill(proxy.url);
    await popup.locator('[data-testid="pair-code"]').fill(await proxy.issuePairingCode());
    await popup.locator('[data-testid="pair-submit"]').click();

    // Connect QuickBooks: the consent page opens in a tab; pick the company and authorize.
    const consentTarget = ext.browser.waitForTarget((t) => t.url().includes('/qbo/connect/oauth2'), { timeout: 30_000 });
    await popup.locator('[data-testid="connect-qbo"]').click();
    const consent = (await (await consentTarget).page())!;
    await consent.locator(`[data-testid="sandbox-company-${company!.id}"]`).click();
    await Promise.all([consent.waitForNavigation(), consent.locator('[data-testid="sandbox-authorize"]').click()]);
    expect(await consent.evaluate(() => document.body.innerText)).toContain(company!.name);

    // The popup shows the connected company once the proxy has it. (A background tab's rAF polling is paused.)
    await popup.bringToFront();
    await popup.waitForFunction(
      (name) => document.querySelector('[data-testid="connection-qbo"]')?.textContent?.includes(name) ?? false,
      { timeout: 30_000 },
      company!.name,
    );

    await popup.waitForFunction(() => !document.querySelector('[data-testid="sync-progress"]'), { timeout: 60_000 });

    // The CRM record of that customer's email shows exactly the sandbox's balance, in the customer's currency.
    const crm = await openCrmPage(FIXTURE.replaceAll(FIXTURE_EMAIL, targetEmail));
    const panel = await panelFrame(crm);
    const currency = target.CurrencyRef?.value ?? company!.currency;
    const balanceText = await testIdText(panel, 'ledger-balance');
    const expected = await panel.evaluate(
      (amount, code) => new Intl.NumberFormat(undefined, { style: 'currency', currency: code }).format(amount),
      target.Balance!,
      currency,
    );
    expect(balanceText).toBe(expected);
    expect(await testIdText(panel, 'ledger-customer-name')).toBe(target.DisplayName);
    const openIn = await panel.$eval('[data-testid="ledger-open-in"]', (a) => (a as HTMLAnchorElement).href);
    expect(openIn).toContain(`nameId=${target.Id}`);
    expect(await localCustomerCount(popup)).toBeGreaterThanOrEqual(customers.filter((c) => c.Active !== false).length);

    // An email no customer has → the no-match state.
    const stranger = await openCrmPage(FIXTURE.replaceAll(FIXTURE_EMAIL, 'nobody-at-all@nowhere.example'));
    await (await panelFrame(stranger)).waitForSelector('[data-testid="ledger-no-match"]', { timeout: 30_000 });
    await stranger.close();

    // Disconnect: the connection goes, the local copy is gone, and the panel says it is not connected.
    await popup.bringToFront();
    await popup.locator('[data-testid="disconnect-qbo"]').click();
    await popup.waitForFunction(() => !document.querySelector('[data-testid="connection-qbo"]'), { timeout: 30_000 });
    await expect.poll(() => localCustomerCount(popup), { timeout: 30_000 }).toBe(0);
    await crm.bringToFront();
    await crm.reload();
    await (await panelFrame(crm)).waitForSelector('[data-testid="ledger-not-connected"]', { timeout: 30_000 });
  });
});
