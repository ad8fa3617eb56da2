import type { Page } from 'puppeteer';
import type { ExtensionBrowser } from './browser';
import { emailsOf, sandboxCompanies, type QboCustomerJson, type SandboxCompanyInfo } from './sandbox-api';

/**
 * Pairs the extension with the proxy and connects one provider company through the sandbox consent page, as a user
 * would, then waits until the first sync has finished. Returns the popup page (kept open) and the company.
 */
export async function pairedAndConnected(
  ext: ExtensionBrowser,
  proxy: { url: string; issuePairingCode(): Promise<string> },
  sandboxUrl: string,
  provider: 'qbo' | 'xero' = 'qbo',
): Promise<{ popup: Page; company: SandboxCompanyInfo }> {
  const company = (await sandboxCompanies(sandboxUrl)).find((c) => c.provider === provider);
  if (!company) throw new Error(`the sandbox has no ${provider} company`);
  const popup = await ext.openExtensionPage('popup.html');
  popup.on('dialog', (dialog) => void dialog.accept());
  await popup.locator('[data-testid="proxy-url"]').fill(proxy.url);
  await popup.locator('[data-testid="pair-code"]').fill(await proxy.issuePairingCode());
  await popup.locator('[data-testid="pair-submit"]').click();

  await connectFromPopup(ext, popup, company);
  await popup.waitForFunction(() => !document.querySelector('[data-testid="sync-progress"]'), { timeout: 60_000 });
  return { popup, company };
}

/**
 * From an open, paired popup: connects one more provider company through the sandbox consent page, and waits until the
 * popup lists the connection (its first sync may still run).
 */
export async function connectFromPopup(ext: ExtensionBrowser, popup: Page, company: SandboxCompanyInfo): Promise<void> {
  const provider = company.provider;
  const consentTarget = ext.browser.waitForTarget(
    (t) => t.url().includes(provider === 'qbo' ? '/qbo/connect/oauth2' : '/xero/'),
    { timeout: 30_000 },
  );
  await popup.locator(`[data-testid="connect-${provider}"]`).click();
  const consent = (await (await consentTarget).page())!;
  // QBO's consent lists companies as buttons; Xero's as checkboxes with the first one already ticked, where a click
  // would untick it (and the sandbox would answer "select an organisation").
  const choice = await consent.waitForSelector(`[data-testid="sandbox-company-${company.id}"]`);
  const ticked = await choice!.evaluate((el) => el instanceof HTMLInputElement && el.type === 'checkbox' && el.checked);
  if (!ticked) await choice!.click();
  await Promise.all([consent.waitForNavigation(), consent.locator('[data-testid="sandbox-authorize"]').click()]);
  await consent.close();

  // A background tab's rAF-based polling is paused: bring the popup forward before waiting on it.
  await popup.bringToFront();
  await popup.waitForFunction(
    (testId, name) => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.includes(name) ?? false,
    { timeout: 30_000 },
    `connection-${provider}`,
    company.name,
  );
}

/** Active customers with an open balance whose single email no other customer shares. */
export function uniquelyEmailedCustomers(customers: QboCustomerJson[]): QboCustomerJson[] {
  const count = new Map<string, number>();
  for (const c of customers) for (const e of emailsOf(c)) count.set(e, (count.get(e) ?? 0) + 1);
  return customers.filter(
    (c) => c.Active !== false && (c.Balance ?? 0) > 0 && emailsOf(c).length === 1 && count.get(emailsOf(c)[0]!) === 1,
  );
}
