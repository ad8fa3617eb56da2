import type { Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QboState } from '../../proxy-server/sandbox/qbo/state';
import { fitPayload, HOSTILE_PAYLOADS } from '../support/hostile-corpus';
import { connectFromPopup, pairedAndConnected } from './support/paired';
import { qboQuery, qboWrite, sandboxCompanies, xeroWrite, type SandboxCompanyInfo } from './support/sandbox-api';
import { startStack, type Stack } from './support/stack';

/**
 * Issue 7, reliability item 7 in Chromium: the shared payload corpus (test/support/hostile-corpus.ts) in every string
 * field of QBO customers and Xero contacts, their items and invoices — and in the QBO company's own name — goes
 * through the sandbox's APIs,
 * the proxy's sync and the feed into the built extension, and is rendered inert by the side panel page and the options
 * page (accounting search, sync log, sales log); the popup, which shows the company name, is checked too.
 *
 * "Inert" is checked four ways on every page: the `window.__pwned` global every payload would set stays undefined in
 * every frame and in the service worker; no dialog opens; no CSP violation is reported (the extension pages' CSP
 * would block an injected inline handler, so a violation is the trace of an injection the CSP happened to stop); and
 * no element a payload carries exists (no on* attribute anywhere, no img[src=x], no inline script, no iframe, no
 * javascript: link). And the payload is there as text, exactly.
 */
let stack: Stack;
let company: SandboxCompanyInfo;
let popup: Page;
const COMPANY_NAME = `Corpus & Co "><img src=x onerror="window.__pwned=1"><svg onload="window.__pwned=1">`;
const email = (i: number, provider: 'qbo' | 'xero' = 'qbo') => `hostile-${provider === 'xero' ? 'x' : ''}${i}@corpus.example`;

interface Seeded {
  provider: 'qbo' | 'xero';
  index: number;
  /** The display name as the provider keeps it (Xero: at most 255 characters). */
  name: string;
  /** What the side panel shows on the invoice's line: the item's name (QBO) or the line's description (Xero). */
  lineText: string;
  payload: string;
  customerId: string;
  docNumber: string;
  itemName: string;
}
const seeded: Seeded[] = [];

// Runs in every document of the pages under test before their own scripts: records CSP violations and every string
// handed to eval / new Function (the CSP blocks them, but a payload reaching one would be an injection it happened to
// stop), and marks the page so the test can tell the trap was there.
function installTrap(): void {
  const w = window as unknown as { __llTrap: boolean; __llCsp: string[]; __llEval: string[]; Function: FunctionConstructor; eval: typeof eval };
  w.__llTrap = true;
  w.__llCsp = [];
  w.__llEval = [];
  addEventListener('securitypolicyviolation', (e) => w.__llCsp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`), true);
  // Puppeteer's own waitForFunction builds its predicates with new Function (scripts named pptr:…): not the page's.
  const record = (args: unknown[]) => {
    if (!/pptr:/.test(new Error().stack ?? '')) w.__llEval.push(args.map(String).join(','));
  };
  w.Function = new Proxy(w.Function, {
    apply: (target, self, args: unknown[]) => (record(args), Reflect.apply(target, self, args)),
    construct: (target, args: unknown[]) => (record(args), Reflect.construct(target, args)),
  });
  const realEval = w.eval;
  w.eval = ((code: unknown) => (record([code]), realEval(code as string))) as typeof eval;
}

const dialogs: string[] = [];

async function openTrapped(file: string): Promise<Page> {
  const page = await stack.ext.browser.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(`${file}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.evaluateOnNewDocument(installTrap);
  await page.goto(`chrome-extension://${stack.ext.extensionId}/${file}`);
  return page;
}

interface FrameReport {
  url: string;
  trap: boolean;
  pwned: boolean;
  csp: string[];
  evaluated: string[];
  injected: string[];
}

/** What every frame of the page holds: the globals and every element a payload could have injected. */
async function inertness(page: Page): Promise<FrameReport[]> {
  return Promise.all(
    page.frames().map((frame) =>
      frame.evaluate((): FrameReport => {
        const w = window as unknown as { __llTrap?: boolean; __llCsp?: string[]; __llEval?: string[] };
        const injected: string[] = [];
        for (const el of document.querySelectorAll('*')) {
          const attrs = [...el.attributes];
          const bad =
            attrs.some((a) => a.name.toLowerCase().startsWith('on')) ||
            (el.localName === 'img' && el.getAttribute('src') === 'x') ||
            (el.localName === 'script' && !(el as HTMLScriptElement).src) ||
            el.localName === 'iframe' ||
            el.localName === 'mglyph' ||
            el.localName === 'details' ||
            attrs.some((a) => /^\s*javascript:/i.test(a.value));
          if (bad) injected.push(el.outerHTML.slice(0, 160));
        }
        // zod's one-time probe for a CSP that allows eval (`new Function("")`, zod/v4/core/util.js allowsEval) is the only
        // eval the pages make: a blocked eval with an empty body is that probe; anything with code is not.
        const evaluated = (w.__llEval ?? []).filter((code) => code.trim() !== '');
        const probes = (w.__llEval ?? []).length - evaluated.length;
        // A violation with no source file comes from a script without a URL: puppeteer's evaluations, not the page's.
        const all = (w.__llCsp ?? []).filter((v) => !/^script-src eval :\d+$/.test(v));
        const blockedEvals = all.filter((v) => v.startsWith('script-src eval '));
        const csp = blockedEvals.length <= probes ? all.filter((v) => !blockedEvals.includes(v)) : all;
        return { url: location.href, trap: w.__llTrap === true, pwned: '__pwned' in window, csp, evaluated, injected };
      }),
    ),
  );
}

async function expectInert(page: Page, file: string): Promise<void> {
  const reports = await inertness(page);
  expect(reports.length).toBeGreaterThan(0);
  for (const report of reports) {
    expect(report, report.url).toEqual({ url: report.url, trap: true, pwned: false, csp: [], evaluated: [], injected: [] });
  }
  // The page did not navigate away (a javascript: or meta-refresh payload would).
  expect(new URL(page.url()).pathname).toBe(`/${file}`);
  expect(dialogs).toEqual([]);
}

/** The background's globals: nothing it handled ran either. */
async function expectWorkerClean(): Promise<void> {
  const target = await stack.ext.browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${stack.ext.extensionId}/`),
    { timeout: 30_000 },
  );
  const worker = await target.worker();
  expect(await worker!.evaluate(() => '__pwned' in self)).toBe(false);
}

const innerText = (page: Page, selector = 'body') => page.$eval(selector, (el) => (el as HTMLElement).innerText);

beforeAll(async () => {
  stack = await startStack();
  // The company's own name is a provider string too (CompanyInfo.CompanyName): shown by the popup, the side panel and
  // the sync log. The sandbox has no write for it, so the in-process emulator's profile is renamed before connecting.
  const qbo = stack.sandbox.emulators.find((e) => e.provider === 'qbo') as unknown as { state: QboState };
  const realm = qbo.state.companies.find((c) => c.profile.country === 'US')!;
  realm.profile.name = COMPANY_NAME;
  const paired = await pairedAndConnected(stack.ext, stack.proxy, stack.sandbox.url);
  company = paired.company;
  expect(company.name).toBe(COMPANY_NAME);
  popup = paired.popup;

  // The corpus through the provider's API, after the first import, so the sync that brings it is an incremental one
  // (the sales log lists what the feed delivered since).
  const account = (await qboQuery<{ IncomeAccountRef: { value: string; name?: string } }>(stack.sandbox.url, company.id, 'Item'))[0]!.IncomeAccountRef;
  for (const [i, payload] of HOSTILE_PAYLOADS.entries()) {
    const item = await qboWrite<{ Id: string; Name: string }>(stack.sandbox.url, company.id, 'item', {
      Name: fitPayload(payload, 100), Description: payload, Type: 'Service', UnitPrice: 10, IncomeAccountRef: account,
    });
    const address = { Line1: payload, City: payload, CountrySubDivisionCode: fitPayload(payload, 30), PostalCode: fitPayload(payload, 30), Country: payload };
    const customer = await qboWrite<{ Id: string }>(stack.sandbox.url, company.id, 'customer', {
      DisplayName: payload, GivenName: payload, FamilyName: payload, CompanyName: payload,
      // The first address is plain and unique, so the test can search for this customer; the rest is the payload.
      PrimaryEmailAddr: { Address: `${email(i)}, ${payload}` }, PrimaryPhone: { FreeFormNumber: payload },
      BillAddr: address, ShipAddr: address,
    });
    const invoice = await qboWrite<{ DocNumber: string }>(stack.sandbox.url, company.id, 'invoice', {
      CustomerRef: { value: customer.Id }, DocNumber: fitPayload(payload, 21), PrivateNote: payload, CustomerMemo: { value: payload },
      Line: [{ Amount: 10 + i, DetailType: 'SalesItemLineDetail', Description: payload, SalesItemLineDetail: { ItemRef: { value: item.Id }, Qty: 1, UnitPrice: 10 + i } }],
    });
    seeded.push({ provider: 'qbo', index: i, name: payload, lineText: item.Name, payload, customerId: customer.Id, docNumber: invoice.DocNumber, itemName: item.Name });
  }

  // Xero too: a second connection from the same popup, then contacts, items and invoices through the Xero API. The
  // email must be valid there; the line carries no item, so the side panel shows its (hostile) description.
  const xero = (await sandboxCompanies(stack.sandbox.url)).find((c) => c.provider === 'xero')!;
  await connectFromPopup(stack.ext, popup, xero);
  await popup.waitForFunction(() => !document.querySelector('[data-testid="sync-progress"]'), { timeout: 60_000 });
  for (const [i, payload] of HOSTILE_PAYLOADS.entries()) {
    const item = await xeroWrite<{ Name: string }>(stack.sandbox.url, xero.id, 'Items', {
      Code: `HOSTILE-${i}`, Name: fitPayload(payload, 50), Description: payload, SalesDetails: { UnitPrice: 10 },
    });
    const name = fitPayload(payload, 255);
    const address = { AddressLine1: payload, AddressLine2: payload, City: payload, Region: payload, PostalCode: fitPayload(payload, 50), Country: payload, AttentionTo: payload };
    const contact = await xeroWrite<{ ContactID: string }>(stack.sandbox.url, xero.id, 'Contacts', {
      Name: name, FirstName: name, LastName: name, EmailAddress: email(i, 'xero'), IsCustomer: true,
      Addresses: [{ AddressType: 'POBOX', ...address }, { AddressType: 'STREET', ...address }], Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: payload }],
    });
    const invoice = await xeroWrite<{ InvoiceNumber: string }>(stack.sandbox.url, xero.id, 'Invoices', {
      Type: 'ACCREC', Contact: { ContactID: contact.ContactID }, Date: '2026-01-10', DueDate: '2026-02-10', Status: 'AUTHORISED',
      InvoiceNumber: fitPayload(payload, 255), Reference: payload, LineItems: [{ Description: payload, Quantity: 1, UnitAmount: 10 + i }],
    });
    seeded.push({ provider: 'xero', index: i, name, lineText: payload, payload, customerId: contact.ContactID, docNumber: invoice.InvoiceNumber, itemName: item.Name });
  }
  for (const provider of ['qbo', 'xero'] as const) {
    expect(new Set(seeded.filter((s) => s.provider === provider).map((s) => s.docNumber)).size).toBe(HOSTILE_PAYLOADS.length);
  }

  // Sync now (past the proxy's 30 s cool-down between manual syncs), and wait until the extension has every customer.
  stack.advanceProxyClock(60_000);
  await popup.bringToFront();
  await popup.locator('[data-testid="sync-now"]').click();
  await stack.proxy.sync.idle();
  await popup.waitForFunction(() => !document.querySelector('[data-testid="sync-progress"]'), { timeout: 60_000 });
}, 300_000);

afterAll(async () => {
  await stack?.close();
});

describe('hostile provider strings are rendered inert (issue 7, item 7)', () => {
  it('options: accounting search, sync log and sales log show every payload as text', async () => {
    const options = await openTrapped('options.html');
    await options.bringToFront();
    // The feed may still be arriving: search until every seeded customer is found.
    await expect
      .poll(
        async () => {
          await options.locator('[data-testid="search-text"]').fill('@corpus.example');
          await options.locator('[data-testid="search-submit"]').click();
          await options.waitForSelector('[data-testid="search-count"]', { timeout: 30_000 });
          await options.waitForFunction(() => !document.querySelector('[data-testid="search-submit"]')?.hasAttribute('disabled'), { timeout: 30_000 });
          return options.$$eval('[data-testid="search-open"]', (els) => els.length);
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toBe(seeded.length);
    const names = await options.$$eval('[data-testid="search-open"]', (els) => els.map((el) => el.textContent ?? ''));
    expect([...names].sort()).toEqual(seeded.map((s) => s.name).sort());

    // Sales log: the invoices the feed delivered, their numbers as text (it reads once per mount: reload until all).
    await expect
      .poll(async () => {
        await options.reload();
        await options.waitForSelector('[data-testid="sales-log-row"]', { timeout: 30_000 });
        const text = await innerText(options, '[data-testid="sales-log"]');
        return seeded.filter((s) => !text.includes(s.docNumber)).map((s) => s.docNumber);
      }, { timeout: 90_000, interval: 1000 })
      .toEqual([]);

    // Sync log: the runs of the company whose name is a payload (and of the Xero organisation).
    await options.waitForSelector('[data-testid="sync-run"]', { timeout: 30_000 });
    const runs = await options.$$eval('[data-testid="sync-run"] td:first-child', (els) => els.map((el) => el.textContent));
    expect(runs).toContain(COMPANY_NAME);
    // And the sync settings' company label, and the search's, still all text.
    expect(await innerText(options)).toContain(COMPANY_NAME);

    // Search again so the results are on screen for the final check, then check the whole page.
    await options.locator('[data-testid="search-text"]').fill('@corpus.example');
    await options.locator('[data-testid="search-submit"]').click();
    await options.waitForFunction((n) => document.querySelectorAll('[data-testid="search-open"]').length === n, { timeout: 30_000 }, seeded.length);
    const body = await innerText(options);
    for (const s of seeded) {
      expect(body, s.name).toContain(s.name);
      expect(body, s.docNumber).toContain(s.docNumber);
    }
    await expectInert(options, 'options.html');
    await options.close();
  });

  it('side panel: each customer (QBO and Xero) found by search shows its name, invoice number and line as text', async () => {
    const side = await openTrapped('sidepanel.html');
    await side.bringToFront();
    for (const s of seeded) {
      await side.locator('[data-testid="ledger-search"]').click();
      await side.locator('[data-testid="search-text"]').fill(email(s.index, s.provider));
      await side.locator('[data-testid="search-submit"]').click();
      await side.waitForFunction(() => document.querySelectorAll('[data-testid="search-open"]').length === 1, { timeout: 30_000 });
      expect(await side.$eval('[data-testid="search-open"]', (el) => el.textContent)).toBe(s.name);
      await side.locator('[data-testid="search-open"]').click();
      await side.waitForFunction(
        (name) => document.querySelector('[data-testid="ledger-customer-name"]')?.textContent === name,
        { timeout: 30_000 },
        s.name,
      );
      await side.waitForFunction((n) => document.querySelector('[data-testid="ledger-invoices"]')?.textContent?.includes(n), { timeout: 30_000 }, s.docNumber);
      const panelText = await innerText(side, '[data-testid="ledger-panel"]');
      expect(panelText).toContain(s.name);
      if (s.provider === 'qbo') expect(panelText).toContain(COMPANY_NAME);
      expect(panelText).toContain(`Invoice ${s.docNumber}`);
      expect(panelText).toContain(s.lineText);
      await expectInert(side, 'sidepanel.html');
      if (s.index === HOSTILE_PAYLOADS.length - 1) {
        // The new-invoice form lists the company's items by name: every hostile item, as option text.
        await side.locator('[data-testid="ledger-create-invoice"]').click();
        const items = seeded.filter((x) => x.provider === s.provider).map((x) => x.itemName);
        const options = await side
          .waitForFunction(
            (n) => {
              const texts = [...document.querySelectorAll('[data-testid="line-item"] option')].map((o) => o.textContent ?? '');
              return texts.length > n ? texts : null;
            },
            { timeout: 30_000 },
            items.length,
          )
          .then((h) => h.jsonValue() as Promise<string[]>);
        for (const name of items) expect(options.some((o) => o.startsWith(name)), name).toBe(true);
        await expectInert(side, 'sidepanel.html');
        await side.locator('[data-testid="ledger-create-invoice"]').click();
      }
    }
    await side.close();
  });

  it('control: the same checks catch a payload inserted as markup (so their silence above means something)', async () => {
    const page = await openTrapped('sidepanel.html');
    await page.evaluate((html) => document.body.insertAdjacentHTML('beforeend', html), HOSTILE_PAYLOADS[0]!);
    // The broken image fires its error handler, which the extension pages' CSP refuses and reports.
    await page.waitForFunction(() => ((window as unknown as { __llCsp: string[] }).__llCsp ?? []).length > 0, { timeout: 30_000 });
    const [report] = await inertness(page);
    expect(report!.injected.some((el) => el.startsWith('<img src="x"'))).toBe(true);
    expect(report!.csp.some((v) => v.startsWith('script-src-attr') || v.startsWith('script-src'))).toBe(true);
    await page.close();
  });

  it('popup (company name) and the service worker: nothing ran', async () => {
    await popup.bringToFront();
    expect(await innerText(popup)).toContain(COMPANY_NAME);
    const reports = await inertness(popup);
    for (const report of reports) expect(report, report.url).toMatchObject({ pwned: false, injected: [] });
    await expectWorkerClean();
    expect(dialogs).toEqual([]);
    console.info(`item 7 (Chromium): ${HOSTILE_PAYLOADS.length} payloads; ${seeded.length} customers (QBO and Xero) with their items and invoices + the QBO company name; 0 executed, 0 injected elements`);
  });
});
