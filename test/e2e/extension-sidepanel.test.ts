import type { ElementHandle, Page } from 'puppeteer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProxyClient } from '../../lib/proxy-client';
import { companyNameKey } from '../../lib/matching';
import { pairedAndConnected, uniquelyEmailedCustomers } from './support/paired';
import {
  HUBSPOT_HOST, clickToOpenSidePanel, hubspotRecordKey, openHubspotRecord, panelFrame, testIdText,
} from './support/crm-record';
import { qboCustomers, qboQuery, type QboCustomerJson, type SandboxCompanyInfo } from './support/sandbox-api';
import { secondSeat, startStack, type Stack } from './support/stack';

/**
 * Every side-panel action against the sandbox, asserted on the provider side through the sandbox's own QBO API (a
 * token from POST /__sandbox/token, then its query endpoint), as a third party would check.
 *
 * Opening: the panel's "Create in" / "Link existing" / "Open side panel" click sends openSidePanel with its intent; the
 * background calls chrome.sidePanel.open() synchronously inside that message, so the click's user gesture holds and
 * Chromium opens the real side panel, headless too: the tests drive that page (a `page` target). It stays open from
 * test to test, as it would for a user, and each click's request (create, link, view) turns it to the new record.
 */
let stack: Stack;
let company: SandboxCompanyInfo;
let customers: QboCustomerJson[];
let other: ProxyClient;
const run = Date.now().toString(36);

beforeAll(async () => {
  stack = await startStack({ hostMap: [HUBSPOT_HOST] });
  const paired = await pairedAndConnected(stack.ext, stack.proxy, stack.sandbox.url);
  company = paired.company;
  await paired.popup.close();
  customers = await qboCustomers(stack.sandbox.url, company.id);
  other = await secondSeat(stack.proxy);
});
afterAll(async () => {
  await stack?.close();
});

/** A plainly named customer with a unique email and name, to link and act on. */
function plainCustomer(): QboCustomerJson {
  const keys = new Map<string, number>();
  for (const c of customers) keys.set(companyNameKey(c.DisplayName) ?? '', (keys.get(companyNameKey(c.DisplayName) ?? '') ?? 0) + 1);
  const found = uniquelyEmailedCustomers(customers).find((c) => /^[A-Za-z ]+$/.test(c.DisplayName) && keys.get(companyNameKey(c.DisplayName) ?? '') === 1);
  if (!found) throw new Error('the sandbox seed has no plainly named customer');
  return found;
}

async function sidePanelFrom(page: Page, testId: string): Promise<Page> {
  return clickToOpenSidePanel(stack.ext, await panelFrame(stack.ext, page), testId);
}

async function shownInPanel(page: Page): Promise<string | null> {
  const frame = await panelFrame(stack.ext, page);
  return frame.evaluate(() => document.querySelector('[data-testid="ledger-customer-name"]')?.textContent ?? null);
}

/** Types `value` over an input's current value, as a user selecting it all would (fill() appends to number inputs). */
async function replaceValue(page: Page, testId: string, value: string, within?: ElementHandle): Promise<void> {
  const input = (await (within ?? page).$(`[data-testid="${testId}"]`))!;
  await input.focus();
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await input.type(value);
}

let linkedPage: Page;
let linked: QboCustomerJson;

describe('side panel actions, asserted at the sandbox', () => {
  it('Create in QuickBooks from a record with no match: prefilled, a double click creates the customer once', async () => {
    const name = `Quentin Newcustomer ${run}`;
    const page = await openHubspotRecord(stack.ext, stack.fixtures, {
      id: '7001', name, emails: [`quentin.${run}@newco-${run}.example`, `q.${run}@newco-${run}.example`], company: `Newco ${run} Holdings`,
    });
    const frame = await panelFrame(stack.ext, page);
    await frame.waitForSelector('[data-testid="ledger-no-match"]', { timeout: 30_000 });
    const side = await sidePanelFrom(page, 'ledger-create-in');
    await side.waitForSelector('[data-testid="create-customer-form"]', { timeout: 30_000 });
    expect(await side.$eval('[data-testid="create-display-name"]', (el) => (el as HTMLInputElement).value)).toBe(name);
    expect(await side.$eval('[data-testid="create-email"]', (el) => (el as HTMLInputElement).value)).toContain(`quentin.${run}@`);
    // Two clicks in the same task, before React can disable the button: one request, one Idempotency-Key.
    await side.$eval('[data-testid="create-submit"]', (el) => {
      (el as HTMLButtonElement).click();
      (el as HTMLButtonElement).click();
    });
    // On success the side panel turns to the new customer.
    await side.waitForFunction(
      (n) => document.querySelector('[data-testid="ledger-customer-name"]')?.textContent === n,
      { timeout: 30_000 },
      name,
    );
    const atSandbox = (await qboCustomers(stack.sandbox.url, company.id)).filter((c) => c.DisplayName === name);
    expect(atSandbox).toHaveLength(1);
    // The new customer is linked to the record: the panel on the page shows it.
    await page.bringToFront();
    await expect.poll(() => shownInPanel(page), { timeout: 30_000 }).toBe(name);
    await page.close();
  });

  it('Link existing: the panel on the record shows the linked customer, and another seat sees the link', async () => {
    linked = plainCustomer();
    linkedPage = await openHubspotRecord(stack.ext, stack.fixtures, {
      id: '7002', name: `Lina Linkme ${run}`, emails: [`lina.${run}@nowhere-${run}.example`, `l.${run}@nowhere-${run}.example`], company: `Unmatched ${run} Co`,
    });
    const frame = await panelFrame(stack.ext, linkedPage);
    await frame.waitForSelector('[data-testid="ledger-no-match"]', { timeout: 30_000 });
    const side = await sidePanelFrom(linkedPage, 'ledger-link-existing');
    await side.locator('[data-testid="link-search"]').fill(linked.DisplayName);
    await side.locator('[data-testid="link-search-submit"]').click();
    await side.waitForSelector('[data-testid="link-choose"]', { timeout: 30_000 });
    const choices = await side.$$('[data-testid="link-choose"]');
    const texts = await Promise.all(choices.map((c) => c.evaluate((el) => el.parentElement?.textContent ?? '')));
    await choices[texts.findIndex((t) => t.includes(linked.DisplayName))]!.click();
    await side.waitForFunction(
      (n) => document.querySelector('[data-testid="ledger-customer-name"]')?.textContent === n,
      { timeout: 30_000 },
      linked.DisplayName,
    );

    await linkedPage.bringToFront();
    await expect.poll(() => shownInPanel(linkedPage), { timeout: 30_000 }).toBe(linked.DisplayName);
    const { links } = await other.links();
    expect(links).toContainEqual(
      expect.objectContaining({ recordKey: hubspotRecordKey('7002'), customerKey: `qbo:${company.id}:${linked.Id}` }),
    );
  });

  async function sidePanelOnLinkedRecord(): Promise<Page> {
    await linkedPage.bringToFront();
    const side = await sidePanelFrom(linkedPage, 'ledger-open-side-panel');
    await side.waitForFunction(
      (n) => document.querySelector('[data-testid="ledger-customer-name"]')?.textContent === n,
      { timeout: 30_000 },
      linked.DisplayName,
    );
    return side;
  }

  it('Log time: the sandbox TimeActivity has the hours', async () => {
    const side = await sidePanelOnLinkedRecord();
    await side.locator('[data-testid="ledger-log-time"]').click();
    await side.waitForFunction(() => (document.querySelector('[data-testid="time-party"]') as HTMLSelectElement | null)?.value, {
      timeout: 30_000,
    });
    await replaceValue(side, 'time-hours', '3');
    await replaceValue(side, 'time-minutes', '15');
    await side.locator('[data-testid="time-submit"]').click();
    expect(await testIdText(side, 'action-result')).toContain('Logged 3 h 15 min');
    const activities = await qboQuery<{ CustomerRef?: { value: string }; Hours?: number; Minutes?: number }>(
      stack.sandbox.url, company.id, 'TimeActivity',
    );
    expect(activities.filter((a) => a.CustomerRef?.value === linked.Id && a.Hours === 3 && a.Minutes === 15)).toHaveLength(1);
  });

  type QboLine = { DetailType?: string; Amount?: number; SalesItemLineDetail?: { ItemRef?: { value: string }; Qty?: number; UnitPrice?: number } };
  type QboDocument = { Id: string; DocNumber?: string; CustomerRef?: { value: string }; Line?: QboLine[] };

  it.each([
    ['invoice', 'ledger-create-invoice', 'Invoice'],
    ['estimate', 'ledger-create-estimate', 'Estimate'],
  ] as const)('Create %s from items: the sandbox document has the lines', async (kind, button, entity) => {
    const side = await sidePanelOnLinkedRecord();
    const before = new Set((await qboQuery<QboDocument>(stack.sandbox.url, company.id, entity, `CustomerRef = '${linked.Id}'`)).map((d) => d.Id));
    await side.locator(`[data-testid="${button}"]`).click();
    await side.waitForSelector(`[data-testid="${kind}-form"]`, { timeout: 30_000 });
    const itemIds = await side.waitForFunction(
      () => {
        const options = [...document.querySelectorAll('[data-testid="line-item"] option')].map((o) => (o as HTMLOptionElement).value).filter(Boolean);
        return options.length >= 2 ? options.slice(0, 2) : null;
      },
      { timeout: 30_000 },
    ).then((h) => h.jsonValue() as Promise<string[]>);
    await side.select('[data-testid="line-item"]', itemIds[0]!);
    await side.locator('[data-testid="line-add"]').click();
    await side.waitForFunction(() => document.querySelectorAll('[data-testid="document-line"]').length === 2);
    const lines = await side.$$('[data-testid="document-line"]');
    await (await lines[1]!.$('[data-testid="line-item"]'))!.select(itemIds[1]!);
    const wanted = [
      { item: itemIds[0]!, qty: '2', price: '150' },
      { item: itemIds[1]!, qty: '3', price: '20.5' },
    ];
    for (const [i, line] of lines.entries()) {
      for (const [testId, value] of [['line-quantity', wanted[i]!.qty], ['line-price', wanted[i]!.price]] as const) {
        await replaceValue(side, testId, value, line);
      }
    }
    await side.locator(`[data-testid="${kind}-submit"]`).click();
    expect(await testIdText(side, 'action-result')).toMatch(/^Created (invoice|estimate)/);

    const created = (await qboQuery<QboDocument>(stack.sandbox.url, company.id, entity, `CustomerRef = '${linked.Id}'`)).filter((d) => !before.has(d.Id));
    expect(created).toHaveLength(1);
    const itemLines = (created[0]!.Line ?? []).filter((l) => l.DetailType === 'SalesItemLineDetail');
    expect(itemLines.map((l) => [l.SalesItemLineDetail?.ItemRef?.value, l.SalesItemLineDetail?.Qty, l.SalesItemLineDetail?.UnitPrice])).toEqual(
      wanted.map((w) => [w.item, Number(w.qty), Number(w.price)]),
    );
  });
});
