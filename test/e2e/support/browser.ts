import path from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer';

export const EXTENSION_DIR = path.resolve(import.meta.dirname, '../../../.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  browser: Browser;
  extensionId: string;
  /** Opens an extension page (e.g. "popup.html") in a normal tab. */
  openExtensionPage(file: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Debian's Chromium with the built extension loaded (DESIGN.md "This machine"). `hostMap` lists real CRM host names
 * to resolve to loopback, so fixtures are served under the hosts the content script's match patterns name.
 */
export async function launchWithExtension(options: { hostMap?: string[] } = {}): Promise<ExtensionBrowser> {
  const rules = (options.hostMap ?? []).map((host) => `MAP ${host} 127.0.0.1`).join(', ');
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    enableExtensions: [EXTENSION_DIR],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--ignore-certificate-errors',
      ...(rules ? [`--host-resolver-rules=${rules}`] : []),
    ],
  });
  const worker = await browser.waitForTarget(
    (t: Target) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
    { timeout: 30_000 },
  );
  const extensionId = new URL(worker.url()).host;
  return {
    browser,
    extensionId,
    async openExtensionPage(file) {
      const page = await browser.newPage();
      await page.goto(`chrome-extension://${extensionId}/${file}`);
      return page;
    },
    close: () => browser.close(),
  };
}
