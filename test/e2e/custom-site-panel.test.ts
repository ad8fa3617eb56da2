import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pairedAndConnected, uniquelyEmailedCustomers } from './support/paired';
import { panelCount, panelFrame, testIdText } from './support/crm-record';
import { emailsOf, qboCustomers, type QboCustomerJson } from './support/sandbox-api';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 5: a user-defined custom site (options page → sites) gets the panel with the balance. The site is served
 * on http://localhost, which no built-in CRM covers on this path (the extension holds loopback host permission, so
 * the options page's permission request is granted without a prompt), and the panel iframe must be embeddable
 * there. The page's own scripts try to feed the panel a forged token: it must show the real customer only.
 */
let stack: Stack;
let customers: QboCustomerJson[];
let site: Server;
let port: number;
const pages = new Map<string, string>();

beforeAll(async () => {
  stack = await startStack();
  const paired = await pairedAndConnected(stack.ext, stack.proxy, stack.sandbox.url);
  await paired.popup.close();
  customers = await qboCustomers(stack.sandbox.url, paired.company.id);
  site = createServer((req, res) => {
    const body = pages.get(new URL(req.url ?? '/', 'http://localhost').pathname);
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  port = (site.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => site?.close(resolve));
  await stack?.close();
});

function clientPage(customer: QboCustomerJson): string {
  const name = customer.DisplayName.replace(/[<&"]/g, '');
  return `<!doctype html><html><head><title>Client</title></head><body>
<main><h1 class="client-name">${name}</h1><p>Contact: <a class="client-email" href="mailto:${emailsOf(customer)[0]}">${emailsOf(customer)[0]}</a></p></main>
<script>
  // A hostile page: posts made-up tokens to every frame it can reach, as often as it likes.
  setInterval(() => { for (const f of document.querySelectorAll('iframe')) f.contentWindow?.postMessage({ source: 'ledgerlens', type: 'token', token: 'forged' }, '*'); }, 20);
</script></body></html>`;
}

async function addCustomSite(options: Page): Promise<void> {
  await options.bringToFront();
  await options.waitForSelector('[data-testid="site-urlPattern"]', { timeout: 30_000 });
  await options.locator('[data-testid="site-label"]').fill('In-house CRM');
  await options.locator('[data-testid="site-urlPattern"]').fill('http://localhost/clients/*');
  await options.locator('[data-testid="site-nameSelector"]').fill('.client-name');
  await options.locator('[data-testid="site-emailSelector"]').fill('.client-email');
  await options.locator('[data-testid="site-add"]').click();
  await options.waitForFunction(() => [...document.querySelectorAll('[data-testid="custom-site"]')].some((li) => li.textContent?.includes('http://localhost/clients/*')), { timeout: 30_000 });
}

describe('custom sites', () => {
  it('a site added in the options page shows the panel with the matched customer’s balance', async () => {
    const target = uniquelyEmailedCustomers(customers).find((c) => /^[A-Za-z ]+$/.test(c.DisplayName))!;
    pages.set('/clients/17', clientPage(target));
    const options = await stack.ext.openExtensionPage('options.html');
    await addCustomSite(options);

    // The background registers the site's content script once the setting is stored: a fresh load gets it.
    let page: Page | null = null;
    await expect
      .poll(async () => {
        await page?.close();
        page = await stack.ext.browser.newPage();
        await page.goto(`http://localhost:${port}/clients/17`, { waitUntil: 'load' });
        await new Promise((r) => setTimeout(r, 1000));
        return panelCount(page);
      }, { timeout: 30_000, interval: 500 })
      .toBe(1);
    const frame = await panelFrame(stack.ext, page!);
    expect(await testIdText(frame, 'ledger-customer-name')).toBe(target.DisplayName);
    const balance = await testIdText(frame, 'ledger-balance');
    const expected = await page!.evaluate(
      (amount, currency) => new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount),
      target.Balance!,
      target.CurrencyRef?.value ?? 'USD',
    );
    expect(balance).toBe(expected);
    await page!.close();
    await options.close();
  });
});
