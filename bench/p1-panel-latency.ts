import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { startSandbox } from '../proxy-server/sandbox/server';
import { EXTENSION_DIR, launchWithExtension } from '../test/e2e/support/browser';
import { HUBSPOT_HOST } from '../test/e2e/support/crm-record';
import { startHttpsFixtureServer } from '../test/e2e/support/https-server';
import { pairedAndConnected, uniquelyEmailedCustomers } from '../test/e2e/support/paired';
import { emailsOf, qboCustomers } from '../test/e2e/support/sandbox-api';
import { startBenchProxy } from './lib/stack';
import { median, p95, round } from './lib/stats';
import { judged, type Benchmark } from './lib/types';

/**
 * P1: CRM record content appears → balance visible in the panel, from the cache (the customer is already in Dexie).
 * Headless Chromium with the built extension, paired and connected through the popup; each render is a fresh tab on
 * a HubSpot contact page (served under the real host on loopback) whose record content is held in a <template> and
 * inserted by the bench ~1 s after load (the content script runs at document_idle and is waiting by then).
 *
 * Clock: both ends are epoch ms of this machine. t0 = performance.timeOrigin + performance.now() in the CRM page at
 * the insertion; t1 = the same expression in the panel's (cross-origin, out-of-process) extension iframe, from a
 * MutationObserver that a script evaluated on every new document (puppeteer applies it to out-of-process frames
 * before their scripts run) installs, the first time [data-testid=ledger-balance] has text. No extension code changed.
 */
const RENDERS = 20;
const FIXTURE = readFileSync(path.resolve(import.meta.dirname, '../test/fixtures/crm/hubspot/contact-record.html'), 'utf8');

/** Runs in every document; records the first balance render in the panel frame only. */
const PANEL_PROBE = `(() => {
  if (location.protocol !== 'chrome-extension:' || !location.pathname.endsWith('/panel.html')) return;
  const mark = () => {
    const el = document.querySelector('[data-testid="ledger-balance"]');
    if (el && (el.textContent || '').trim() !== '' && window.__llBalanceAt === undefined) {
      window.__llBalanceAt = performance.timeOrigin + performance.now();
      window.__llBalanceText = el.textContent.trim();
    }
  };
  new MutationObserver(mark).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

function lateFixture(email: string, name: string): string {
  const html = FIXTURE.replaceAll('ada.lovelace@example.com', email).replaceAll('Ada Lovelace', name.replace(/[<&"]/g, ''));
  const open = html.indexOf('>', html.indexOf('<body')) + 1;
  const close = html.lastIndexOf('</body>');
  return `${html.slice(0, open)}<template id="ll-late">${html.slice(open, close)}</template>${html.slice(close)}`;
}

const bench: Benchmark = {
  id: 'p1',
  title: 'CRM record content appears → balance visible in the panel, from the cache (headless Chromium)',
  target: 'median ≤ 50 ms',
  command: 'npx wxt build && npx tsx bench/run.ts p1',
  async run() {
    const sandbox = await startSandbox({ port: 0 });
    const stack = await startBenchProxy(sandbox.url);
    const fixtures = await startHttpsFixtureServer();
    const ext = await launchWithExtension({ hostMap: [HUBSPOT_HOST] });
    try {
      const { popup, company } = await pairedAndConnected(ext, stack.proxy, sandbox.url, 'qbo');
      await popup.close();
      const customers = uniquelyEmailedCustomers(await qboCustomers(sandbox.url, company.id));
      if (customers.length === 0) throw new Error('no customer with a unique email and an open balance');
      const samples: number[] = [];
      const misses: string[] = [];
      for (let i = 0; i < RENDERS + 1; i += 1) {
        const customer = customers[i % customers.length]!;
        const pathname = `/contacts/4242/record/0-1/${3000 + i}`;
        fixtures.route(pathname, lateFixture(emailsOf(customer)[0]!, customer.DisplayName));
        const page = await ext.browser.newPage();
        await page.evaluateOnNewDocument(PANEL_PROBE);
        await page.goto(`https://${HUBSPOT_HOST}:${fixtures.port}${pathname}`, { waitUntil: 'load' });
        await page.bringToFront();
        await new Promise((r) => setTimeout(r, 1000));
        const t0 = (await page.evaluate(`(() => {
          const t = document.getElementById('ll-late');
          const at = performance.timeOrigin + performance.now();
          document.body.appendChild(t.content.cloneNode(true));
          return at;
        })()`)) as number;
        const frame = await page.waitForFrame((f) => f.url().startsWith(`chrome-extension://${ext.extensionId}/panel.html`), { timeout: 15_000 });
        await frame.waitForFunction('window.__llBalanceAt !== undefined', { timeout: 15_000 }).catch(() => undefined);
        const t1 = (await frame.evaluate('window.__llBalanceAt')) as number | undefined;
        if (t1 === undefined) misses.push(customer.DisplayName);
        else if (i > 0) samples.push(t1 - t0); // the first render warms the service worker and the panel bundle
        await page.close();
      }
      if (samples.length === 0) throw new Error(`no render recorded (${misses.length} misses)`);
      const med = median(samples);
      const built = statSync(path.join(EXTENSION_DIR, 'manifest.json')).mtime.toISOString();
      return judged(
        [
          { name: `median, record content inserted → balance rendered in the panel (${samples.length} renders)`, value: round(med, 1), unit: 'ms', target: '≤ 50 ms', ok: med <= 50 },
          { name: 'p95 / min / max', value: `${round(p95(samples), 1)} / ${round(Math.min(...samples), 1)} / ${round(Math.max(...samples), 1)}`, unit: 'ms' },
          { name: 'renders without a balance (no match or timed out)', value: misses.length },
        ],
        [
          `Each render: a fresh tab, the fixture's record content inserted 1 s after load; the first render is a warm-up and not counted. Customers with a unique email and an open balance, already synced into Dexie (from the cache).`,
          't0 in the CRM page and t1 in the panel iframe are both performance.timeOrigin + performance.now() (epoch ms, same machine clock); t1 from a MutationObserver installed by page.evaluateOnNewDocument in the panel frame before its own scripts.',
          'Path measured: the record watcher (lib/content/record-watcher.ts) reads the DOM in the insertion\'s own mutation microtask (leading edge; later mutations at most once per 250 ms); the panel iframe was already loaded, hidden, since the URL looked like a record (lib/content/panel-host.ts prewarm, moved into place with moveBefore, no reload); the content script posts a one-time token to the iframe while the background starts the lookup (openPanel), and the panel redeems it (claimPanel) for the record and the answer: two messages in parallel, then React renders.',
          'Before these changes (same harness, 2026-12-02): median 356 ms with a 250 ms throttle, the iframe created only once the record was read, and the lookup started by the panel after it booted.',
          `Extension build: ${EXTENSION_DIR} of ${built}; headless Debian Chromium; load on the machine as in the header.`,
        ],
      );
    } finally {
      await ext.close().catch(() => undefined);
      await fixtures.close().catch(() => undefined);
      await stack.close().catch(() => undefined);
      await sandbox.close().catch(() => undefined);
    }
  },
};
export default bench;
