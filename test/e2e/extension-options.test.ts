import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyClient } from '../../lib/proxy-client';
import { companyNameKey } from '../../lib/matching';
import { pairedAndConnected, uniquelyEmailedCustomers } from './support/paired';
import { clickToOpenSidePanel, HUBSPOT_HOST, openHubspotRecord, panelCount, panelFrame } from './support/crm-record';
import { emailsOf, qboCustomers, type QboCustomerJson, type SandboxCompanyInfo } from './support/sandbox-api';
import { secondSeat, startStack, type Stack } from './support/stack';

/**
 * The options page taking effect where users see it: built-in sites on/off (the content script reads
 * `ledgerlens.sites`), matching rules (the background's lookup reads `ledgerlens.matching`), sync settings saved on
 * the proxy, and the accounting search over the local mirror compared with the sandbox's own data.
 */
let stack: Stack;
let company: SandboxCompanyInfo;
let customers: QboCustomerJson[];
let options: Page;
let other: ProxyClient;
const run = Date.now().toString(36);

beforeAll(async () => {
  stack = await startStack({ hostMap: [HUBSPOT_HOST] });
  const paired = await pairedAndConnected(stack.ext, stack.proxy, stack.sandbox.url);
  company = paired.company;
  await paired.popup.close();
  customers = await qboCustomers(stack.sandbox.url, company.id);
  other = await secondSeat(stack.proxy);
  options = await stack.ext.openExtensionPage('options.html');
});
afterAll(async () => {
  await stack?.close();
});

async function setChecked(selector: string, checked: boolean): Promise<void> {
  await options.bringToFront();
  const box = await options.waitForSelector(selector, { timeout: 30_000 });
  if ((await box!.evaluate((el) => (el as HTMLInputElement).checked)) !== checked) await box!.click();
  await options.waitForFunction((s, c) => (document.querySelector(s) as HTMLInputElement).checked === c, {}, selector, checked);
}

/** The panel's answer on a record: the matched customer's name, or the testid of the state it shows. */
async function panelAnswer(page: Page): Promise<string> {
  const frame = await panelFrame(stack.ext, page);
  const handle = await frame.waitForFunction(
    () => {
      const name = document.querySelector('[data-testid="ledger-customer-name"]')?.textContent;
      if (name) return `customer:${name}`;
      // Any settled state (no match, candidates, syncing, unreachable…); "Looking up" has no testid.
      const state = document.querySelector('[data-testid="ledger-candidates"], [data-testid^="ledger-"]:not([data-testid="ledger-panel"])');
      return state ? `state:${state.getAttribute('data-testid')}` : null;
    },
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as string;
}

/** Customers no other customer resembles by email or company name. */
function distinctCustomers(): QboCustomerJson[] {
  const keys = new Map<string, number>();
  for (const c of customers) keys.set(companyNameKey(c.DisplayName) ?? '', (keys.get(companyNameKey(c.DisplayName) ?? '') ?? 0) + 1);
  return uniquelyEmailedCustomers(customers).filter((c) => /^[A-Za-z ]+$/.test(c.DisplayName) && keys.get(companyNameKey(c.DisplayName) ?? '') === 1);
}

describe('options: sites', () => {
  it('HubSpot switched off → no panel on a HubSpot record; back on → the panel returns', async () => {
    const target = distinctCustomers()[0]!;
    const person = { id: '8001', name: 'Sam Sitecheck', emails: [emailsOf(target)[0]!, `sam.${run}@nowhere-${run}.example`] as [string, string], company: `Nothing ${run}` };
    await setChecked('[data-testid="site-builtin-hubspot"]', false);
    const off = await openHubspotRecord(stack.ext, stack.fixtures, person);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await panelCount(off)).toBe(0);
    await off.close();

    await setChecked('[data-testid="site-builtin-hubspot"]', true);
    const on = await openHubspotRecord(stack.ext, stack.fixtures, person);
    await expect.poll(() => panelAnswer(on), { timeout: 45_000 }).toBe(`customer:${target.DisplayName}`);
    await on.close();
  });
});

describe('options: matching rules', () => {
  it('email off → an email-only record matches nothing; a company-name record still matches', async () => {
    const [byEmail, byCompany] = distinctCustomers();
    const emailOnly = { id: '8101', name: `Nomatch Person ${run}`, emails: [emailsOf(byEmail!)[0]!, `x.${run}@nowhere-${run}.example`] as [string, string], company: `Nothing ${run}` };
    const before = await openHubspotRecord(stack.ext, stack.fixtures, emailOnly);
    await expect.poll(() => panelAnswer(before), { timeout: 45_000 }).toBe(`customer:${byEmail!.DisplayName}`);

    // The domain rule only suggests, but would offer the same customer by its email's domain: off too.
    await setChecked('[data-testid="matching-rule-email"] input', false);
    await setChecked('[data-testid="matching-rule-domain"] input', false);
    // The open panel re-asks when the rules change (storage event), and a fresh page agrees.
    await before.bringToFront();
    await expect.poll(() => panelAnswer(before), { timeout: 30_000 }).toBe('state:ledger-no-match');
    await before.close();
    const after = await openHubspotRecord(stack.ext, stack.fixtures, { ...emailOnly, id: '8102' });
    await expect.poll(() => panelAnswer(after), { timeout: 45_000 }).toBe('state:ledger-no-match');
    await after.close();

    const companyOnly = { id: '8103', name: `Other Person ${run}`, emails: [`y.${run}@nowhere-${run}.example`, `z.${run}@nowhere-${run}.example`] as [string, string], company: byCompany!.DisplayName };
    const page = await openHubspotRecord(stack.ext, stack.fixtures, companyOnly);
    await expect.poll(() => panelAnswer(page), { timeout: 45_000 }).toBe(`customer:${byCompany!.DisplayName}`);
    await page.close();

    await setChecked('[data-testid="matching-rule-email"] input', true);
    await setChecked('[data-testid="matching-rule-domain"] input', true);
  });
});

describe('options: sync settings', () => {
  it('are saved through the proxy: another seat reads them back', async () => {
    await options.bringToFront();
    const [connection] = (await other.connections()).connections;
    const fieldset = `[data-testid="sync-settings-${connection!.id}"]`;
    await options.waitForSelector(`${fieldset} [data-testid="settings-frequency"]`, { timeout: 30_000 });
    const before = (await other.connectionSettings(connection!.id)).settings;
    await options.select(`${fieldset} [data-testid="settings-frequency"]`, '240');
    await setChecked(`${fieldset} [data-testid="settings-import-vendors"]`, !before.importVendors);
    await setChecked(`${fieldset} [data-testid="settings-require-email"]`, !before.requireEmail);
    await options.$eval(`${fieldset} [data-testid="settings-historical-from"]`, (el) => {
      // A date input: set through React's value setter so onChange sees it.
      const input = el as HTMLInputElement;
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, '2024-01-01');
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await options.locator(`${fieldset} [data-testid="settings-save"]`).click();
    await options.waitForFunction((s) => document.querySelector(s)?.textContent?.includes('Saved.'), { timeout: 30_000 }, fieldset);
    expect((await other.connectionSettings(connection!.id)).settings).toEqual({
      frequencyMinutes: 240,
      importVendors: !before.importVendors,
      historicalFrom: '2024-01-01',
      requireEmail: !before.requireEmail,
    });
  });
});

describe('options: accounting search', () => {
  const resultNames = () => options.$$eval('[data-testid="search-result"] [data-testid="search-open"]', (els) => els.map((e) => e.textContent ?? ''));

  it('balance at least X returns exactly the sandbox’s customers above X; sorting by balance orders them', async () => {
    const balances = customers.map((c) => c.Balance ?? 0).filter((b) => b > 0).sort((a, b) => a - b);
    // A threshold between two distinct balances, so "at least" and "above" agree.
    const i = Math.floor(balances.length * 0.7);
    const threshold = ((balances[i - 1]! + balances[i]!) / 2).toFixed(2);
    const expected = customers.filter((c) => (c.Balance ?? 0) > Number(threshold));
    expect(expected.length).toBeGreaterThan(1);

    await options.bringToFront();
    await options.locator('[data-testid="search-balanceMin"]').fill(threshold);
    await options.locator('[data-testid="search-submit"]').click();
    await options.waitForSelector('[data-testid="search-count"]', { timeout: 30_000 });
    expect(await options.$eval('[data-testid="search-count"]', (el) => el.textContent)).toMatch(new RegExp(`^${expected.length} customers`));
    expect((await resultNames()).sort()).toEqual(expected.map((c) => c.DisplayName).sort());

    await options.locator('[data-testid="sort-balance"]').click(); // ascending
    await options.waitForFunction(() => document.querySelector('[data-testid="sort-balance"]')?.textContent?.includes('▲'));
    await options.locator('[data-testid="sort-balance"]').click(); // descending
    await options.waitForFunction(() => document.querySelector('[data-testid="sort-balance"]')?.textContent?.includes('▼'));
    const byBalance = [...expected].sort((a, b) => (b.Balance ?? 0) - (a.Balance ?? 0));
    await expect.poll(async () => (await resultNames())[0]).toBe(byBalance[0]!.DisplayName);
    const shown = await resultNames();
    const balanceOf = new Map(expected.map((c) => [c.DisplayName, c.Balance ?? 0]));
    const shownBalances = shown.map((n) => balanceOf.get(n)!);
    expect(shownBalances).toEqual([...shownBalances].sort((a, b) => b - a));
  });

  it('a result opens the customer in the side panel', async () => {
    const [first] = await resultNames();
    await options.bringToFront();
    // The click (a gesture) opens Chrome's side panel on the focused customer.
    const side = await clickToOpenSidePanel(stack.ext, options, 'search-open');
    await side.waitForFunction(
      (n) => document.querySelector('[data-testid="ledger-customer-name"]')?.textContent === n,
      { timeout: 30_000 },
      first,
    );
    await side.close();
  });
});
