/**
 * `npx tsx scripts/screenshots.ts`: the README's screenshots, taken from the real product — the built extension in
 * Chromium, paired with a proxy that synced the sandbox, on the demo CRM page the sandbox serves. Run `npx wxt build`
 * first. Writes docs/screenshots/panel.png and docs/screenshots/popup.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProxy } from '../proxy-server/server';
import { startSandbox } from '../proxy-server/sandbox/server';
import { launchWithExtension } from '../test/e2e/support/browser';
import { pairedAndConnected } from '../test/e2e/support/paired';

const outDir = path.resolve(import.meta.dirname, '../docs/screenshots');

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'll-shots-'));
  const sandbox = await startSandbox({ port: 0 });
  const proxy = await startProxy({ port: 0, env: { SANDBOX_URL: sandbox.url, LEDGERLENS_DATA_DIR: dataDir } });
  const ext = await launchWithExtension();
  try {
    const { popup } = await pairedAndConnected(ext, proxy, sandbox.url);
    await popup.setViewport({ width: 380, height: 420 });
    await popup.screenshot({ path: path.join(outDir, 'popup.png') });

    // The demo CRM's first contact: a HubSpot-style record whose email has a balance in the sandbox.
    const crm = await ext.browser.newPage();
    await crm.setViewport({ width: 1200, height: 720 });
    await crm.goto(`${sandbox.url}/demo-crm`);
    // A contact whose email no other contact shares (the shared-email one shows the "choose one" state instead).
    // Passed as a string: tsx's name helper (__name) does not exist inside the page.
    const href = (await crm.evaluate(`(() => {
      const rows = [...document.querySelectorAll('tbody tr')].map((row) => ({
        href: row.querySelector('a') ? row.querySelector('a').href : '',
        email: (row.querySelectorAll('td')[1]?.textContent ?? '').trim(),
      }));
      return rows.find((r) => r.email.includes('@') && !r.email.includes(',') &&
        rows.filter((o) => o.email === r.email).length === 1)?.href ?? '';
    })()`)) as string;
    await crm.goto(href);
    const panel = await crm.waitForFrame((f) => f.url().includes('/panel.html'), { timeout: 30_000 });
    await crm.bringToFront();
    await panel.waitForSelector('[data-testid="ledger-balance"]', { timeout: 30_000 }).catch(async (error: unknown) => {
      console.error('panel says:', await panel.evaluate(() => document.body.innerText));
      throw error;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await crm.screenshot({ path: path.join(outDir, 'panel.png') });
    console.log(`Screenshots written to ${outDir}`);
  } finally {
    await ext.close();
    await proxy.close();
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
