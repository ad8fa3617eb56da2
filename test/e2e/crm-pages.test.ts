import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Frame, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProxy } from '../../proxy-server/server';
import { startSandbox } from '../../proxy-server/sandbox/server';
import { crmAdapters } from '../../lib/crm/registry';
import { companyNameKey } from '../../lib/matching';
import { listCrmFixtures, renderLate, type CrmFixture } from '../unit/crm/load-fixture';
import { launchWithExtension, type ExtensionBrowser } from './support/browser';
import { startHttpsFixtureServer, type FixtureServer } from './support/https-server';
import { pairedAndConnected, uniquelyEmailedCustomers } from './support/paired';
import { emailsOf, qboCustomers, type QboCustomerJson } from './support/sandbox-api';

/**
 * Every CRM's saved pages served under the CRM's real host name (HTTPS, self-signed; DESIGN.md "This machine"),
 * with a sandbox customer substituted, against the built extension paired and connected to QuickBooks (sandbox).
 * One browser for the file; every page is closed after use.
 */
const crmIds = new Set(crmAdapters.map((a) => a.id));
const fixtures = listCrmFixtures().filter((f) => crmIds.has(f.crm));
const records = fixtures.filter((f) => f.meta.expected !== null);
const nonRecords = fixtures.filter((f) => f.meta.expected === null);
const hosts = [...new Set(fixtures.map((f) => new URL(f.meta.url).hostname))];

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let server: FixtureServer;
let ext: ExtensionBrowser;
let dataDir: string;
let customers: QboCustomerJson[];
let homeCurrency: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'll-e2e-crm-'));
  proxy = await startProxy({ port: 0, env: { SANDBOX_URL: sandbox.url, LEDGERLENS_DATA_DIR: dataDir } });
  server = await startHttpsFixtureServer();
  ext = await launchWithExtension({ hostMap: hosts });
  const { popup, company } = await pairedAndConnected(ext, proxy, sandbox.url);
  await popup.close();
  homeCurrency = company.currency;
  customers = await qboCustomers(sandbox.url, company.id);
});

afterAll(async () => {
  await ext?.close();
  await server?.close();
  await proxy?.close();
  await sandbox?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain-named customers with a unique email and a company-name key no other customer has. */
function plainTargets(): QboCustomerJson[] {
  const keyCount = new Map<string, number>();
  for (const c of customers) {
    const key = companyNameKey(c.DisplayName);
    if (key) keyCount.set(key, (keyCount.get(key) ?? 0) + 1);
  }
  return uniquelyEmailedCustomers(customers).filter(
    (c) => /^[A-Za-z0-9 .,'&-]+$/.test(c.DisplayName) && keyCount.get(companyNameKey(c.DisplayName) ?? '') === 1,
  );
}

/** The fixture's HTML with the record's emails (or, when it shows none, its name) replaced by the customer's. */
function substitute(fixture: CrmFixture, target: QboCustomerJson): string {
  let html = readFileSync(fixture.htmlPath, 'utf8');
  const expected = fixture.meta.expected!;
  if (expected.emails.length > 0) {
    for (const email of expected.emails) html = html.replace(new RegExp(escapeRe(email), 'gi'), emailsOf(target)[0]!);
  } else {
    html = html.replaceAll(expected.name!, escapeHtml(target.DisplayName));
  }
  return html;
}

function servedUrl(fixture: CrmFixture): string {
  const url = new URL(fixture.meta.url);
  url.port = String(server.port);
  return url.href;
}

async function open(fixture: CrmFixture, html: string): Promise<Page> {
  // Chromium parses declarative shadow roots inside <template data-late-render> content already, and cloning that
  // content (renderLate) drops roots that are not clonable: mark them clonable, as LWC's own roots behave.
  server.route(new URL(fixture.meta.url).pathname, html.replace(/shadowrootmode="(open|closed)"/g, 'shadowrootmode="$1" shadowrootclonable'));
  const page = await ext.browser.newPage();
  await page.goto(servedUrl(fixture));
  await page.bringToFront();
  return page;
}

const isPanel = (f: Frame) => f.url().startsWith(`chrome-extension://${ext.extensionId}/panel.html`);
const panelCount = (page: Page) => page.evaluate(() => document.querySelectorAll('iframe[data-ledgerlens-panel]').length);

async function panelFrame(page: Page): Promise<Frame> {
  return page.waitForFrame(isPanel, { timeout: 30_000 });
}

async function shownCustomer(page: Page): Promise<{ name: string; balance: string }> {
  const frame = await panelFrame(page);
  const name = await frame.waitForSelector('[data-testid="ledger-customer-name"]', { timeout: 30_000 });
  const balance = await frame.$('[data-testid="ledger-balance"]');
  return {
    name: (await name!.evaluate((el) => el.textContent ?? '')).trim(),
    balance: (await balance!.evaluate((el) => el.textContent ?? '')).trim(),
  };
}

function formatted(page: Page, customer: QboCustomerJson): Promise<string> {
  return page.evaluate(
    (amount, code) => new Intl.NumberFormat(undefined, { style: 'currency', currency: code }).format(amount),
    customer.Balance!,
    customer.CurrencyRef?.value ?? homeCurrency,
  );
}

async function renderLateIn(page: Page): Promise<number> {
  return page.evaluate(`(${renderLate.toString()})(document)`) as Promise<number>;
}

describe('the panel on every CRM', () => {
  it.each(records.map((f) => [`${f.crm}/${f.name}`, f] as const))('%s shows the matched customer’s balance', async (_label, fixture) => {
    const target = plainTargets()[0]!;
    const page = await open(fixture, substitute(fixture, target));
    if (readFileSync(fixture.htmlPath, 'utf8').includes('data-late-render')) {
      // Content that renders late: nothing to show until the record is there.
      await new Promise((r) => setTimeout(r, 600));
      expect(await panelCount(page)).toBe(0);
      expect(await renderLateIn(page)).toBeGreaterThan(0);
    }
    const shown = await shownCustomer(page);
    expect(shown.name).toBe(target.DisplayName);
    expect(shown.balance).toBe(await formatted(page, target));
    expect(await panelCount(page)).toBe(1);
    await page.close();
  });

  it('shows no panel on the CRMs’ non-record pages', async () => {
    const pages: Page[] = [];
    for (const fixture of nonRecords) pages.push(await open(fixture, readFileSync(fixture.htmlPath, 'utf8')));
    await new Promise((r) => setTimeout(r, 1500));
    for (const [i, page] of pages.entries()) {
      expect(await panelCount(page), `${nonRecords[i]!.crm}/${nonRecords[i]!.name}`).toBe(0);
      await page.close();
    }
  });
});

describe('single-page navigation', () => {
  const byName = (crm: string, name: string) => records.find((f) => f.crm === crm && f.name === name)!;

  /** Replaces the document's body with the fixture's body for another customer, as an SPA re-render does. */
  async function rerender(page: Page, fixture: CrmFixture, target: QboCustomerJson): Promise<void> {
    const html = substitute(fixture, target);
    const body = /<body[^>]*>([\s\S]*)<\/body>/i.exec(html)?.[1] ?? html;
    await page.evaluate(
      (markup, attach) => {
        document.body.innerHTML = markup;
        // Declarative shadow roots are only parsed by the HTML parser: attach them as the CRM's components would.
        new Function('doc', `(${attach})(doc)`)(document);
      },
      body,
      `(root) => { for (const t of Array.from(root.querySelectorAll('template[shadowrootmode]'))) { const h = t.parentElement; if (!h || h.shadowRoot) continue; const s = h.attachShadow({ mode: 'open' }); s.appendChild(t.content.cloneNode(true)); t.remove(); } }`,
    );
  }

  it('history API: record → record swaps to exactly one panel with the new customer; leaving removes it', async () => {
    const [first, second] = plainTargets();
    const fixture = byName('hubspot', 'contact-record');
    const page = await open(fixture, substitute(fixture, first!));
    expect((await shownCustomer(page)).name).toBe(first!.DisplayName);

    await page.evaluate(() => history.pushState({}, '', location.pathname.replace(/\/1001$/, '/2002')));
    await rerender(page, fixture, second!);
    await page.waitForFunction(
      (name) => {
        const frames = document.querySelectorAll('iframe[data-ledgerlens-panel]');
        return frames.length === 1 && name.length > 0;
      },
      { timeout: 30_000 },
      second!.DisplayName,
    );
    await expect.poll(async () => {
      const frames = page.frames().filter(isPanel);
      if (frames.length !== 1) return null;
      return frames[0]!.evaluate(() => document.querySelector('[data-testid="ledger-customer-name"]')?.textContent ?? null);
    }, { timeout: 30_000 }).toBe(second!.DisplayName);
    expect(await panelCount(page)).toBe(1);

    await page.evaluate(() => history.pushState({}, '', '/contacts/4242/objects/0-1/views/all/list'));
    await page.waitForFunction(() => document.querySelectorAll('iframe[data-ledgerlens-panel]').length === 0, { timeout: 10_000 });
    await page.close();
  });

  it('Copper hash routes: #/people/a → #/people/b swaps the panel; a tab switch inside the record keeps it', async () => {
    const [first, second] = plainTargets();
    const fixture = byName('copper', 'person');
    const page = await open(fixture, substitute(fixture, first!));
    await renderLateIn(page);
    expect((await shownCustomer(page)).name).toBe(first!.DisplayName);
    const frameHandle = await page.$('iframe[data-ledgerlens-panel]');

    // Same record, another tab of it: the panel stays (no remount).
    await page.evaluate(() => (location.hash = `${location.hash}/activity`));
    await new Promise((r) => setTimeout(r, 1500));
    expect(await page.evaluate((el) => el!.isConnected, frameHandle)).toBe(true);

    await page.evaluate(() => (location.hash = '#/people/111222'));
    await rerender(page, fixture, second!);
    await page.evaluate(`(${renderLate.toString()})(document)`);
    await expect.poll(async () => {
      const frames = page.frames().filter(isPanel);
      if (frames.length !== 1) return null;
      return frames[0]!.evaluate(() => document.querySelector('[data-testid="ledger-customer-name"]')?.textContent ?? null);
    }, { timeout: 30_000 }).toBe(second!.DisplayName);
    expect(await panelCount(page)).toBe(1);
    await page.close();
  });
});

describe('hostile provider strings', () => {
  it.each(['<img', '<script'])('a customer named %s… renders inert in the page and in the panel', async (marker) => {
    const hostile = uniquelyEmailedCustomers(customers).find((c) => c.DisplayName.includes(marker));
    expect(hostile, `the sandbox seeds a customer whose name holds ${marker}`).toBeDefined();
    const fixture = records.find((f) => f.crm === 'hubspot')!;
    const dialogs: string[] = [];
    const page = await open(fixture, substitute(fixture, hostile!));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    expect((await shownCustomer(page)).name).toBe(hostile!.DisplayName);
    const frame = await panelFrame(page);
    expect(await frame.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await frame.evaluate(() => document.querySelectorAll('img, script:not([src])').length)).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });
});
