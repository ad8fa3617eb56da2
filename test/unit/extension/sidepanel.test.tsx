// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { SidePanelApp } from '../../../components/sidepanel/sidepanel-app';
import { preferences } from '../../../lib/settings';
import type { CustomerDetail, Status } from '../../../lib/messaging';
import type { RecordContext } from '../../../lib/model';
import { connection, customer, SEAT } from './support/fake-proxy';
import { invoice } from './support/records';
import { fakeBackgroundApi } from './support/fake-api';
import { act } from 'react';
import { click, flush, render, type as typeInto, type Rendered } from './support/render';

let view: Rendered | null = null;
const settle = () => act(async () => new Promise((r) => setTimeout(r, 30)));
afterEach(async () => {
  await view?.unmount();
  view = null;
});

const ada = customer({ id: '1', displayName: 'Ada <b>Lovelace</b>', balance: '300' });
const context: RecordContext = {
  crm: 'hubspot', kind: 'person', recordKey: 'hubspot:1:0-1:9', name: 'Grace Hopper', emails: ['grace@example.com'],
  companyName: 'Navy', phone: null, address: { line1: '1 Main', line2: null, city: 'Arlington', region: null, postalCode: null, country: 'US' },
};
const status: Status = {
  paired: true, proxyUrl: 'http://127.0.0.1:4000', seat: SEAT, connections: [connection()], lastError: null, pendingAuthorize: null,
};
const detail: CustomerDetail = {
  customer: ada, connection: connection(), balance: '300', overdue: '100', daysOverdue: 12,
  ageing: { current: '200', days1to30: '100', days31to60: '0', days61to90: '0', over90: '0' },
  lifetimeSales: '900', thisYearSales: '400', lastInvoiceDate: '2025-12-01', lastPaymentDate: null,
  invoices: [invoice({ id: 'i1', customerId: '1' }), invoice({ id: 'i2', customerId: '1' })], estimates: [], payments: [], creditNotes: [], watched: false,
};

describe('side panel', () => {
  it('shows the customer the tab matched, as text, with summary, ageing and invoices', async () => {
    const api = fakeBackgroundApi({
      getStatus: async () => status,
      getTabCustomer: async () => ({ tabId: 3, context, customerKeys: ['qbo:realm-1:1'], focusKey: null, request: null }),
      getCustomerDetail: async ({ customerKey }) => (customerKey === 'qbo:realm-1:1' ? detail : null),
    });
    view = await render(<SidePanelApp api={api} prefs={preferences(browser.storage.local)} />);
    await flush();
    expect(view.byTestId('ledger-customer-name')?.textContent).toBe('Ada <b>Lovelace</b>');
    expect(view.byTestId('ledger-customer-name')?.querySelector('b')).toBeNull();
    expect(view.byTestId('ledger-balance')?.textContent).toContain('300');
    expect(view.byTestId('ledger-overdue')?.textContent).toContain('12 days');
    expect(view.byTestId('ledger-ageing-days1to30')?.textContent).toContain('100');
    expect(view.allByTestId('ledger-invoice-row')).toHaveLength(2);
    expect((view.byTestId('ledger-open-in') as HTMLAnchorElement).href).toContain('nameId=1');
    expect(view.byTestId('ledger-create-in')).toBeNull(); // matched: nothing to create
  });

  it('applies an openSidePanel request once: "Create in" opens the form prefilled from the tab\'s record', async () => {
    let request: { intent: 'create' | 'link' | 'view'; nonce: number; tabId: number | null } | null = { intent: 'create', nonce: 1_000, tabId: null };
    const asked: (number | null)[] = [];
    let changed: () => void = () => {};
    const api = fakeBackgroundApi({
      getStatus: async () => status,
      getTabCustomer: async ({ tabId }) => (asked.push(tabId), { tabId: 3, context, customerKeys: [], focusKey: null, request }),
    });
    view = await render(<SidePanelApp api={api} prefs={preferences(browser.storage.local)} tabId={3} now={() => 2_000} subscribe={(cb) => ((changed = cb), () => {})} />);
    await settle();
    expect(asked[0]).toBe(3);
    expect((view.byTestId('create-display-name') as HTMLInputElement).value).toBe('Grace Hopper');
    // Closing the form and a data change do not reopen it; a new request (another click) does.
    await click(view.byTestId('ledger-create-in'));
    await act(async () => changed());
    await settle();
    expect(view.byTestId('create-customer-form')).toBeNull();
    request = { intent: 'link', nonce: 1_500, tabId: null };
    await act(async () => changed());
    await settle();
    expect(view.byTestId('link-existing-form')).not.toBeNull();
  });

  it('creates from the CRM record with the company address rule; a double click sends one request, a retry reuses the key', async () => {
    const sent: { key: string; companyAddress: unknown; personalAddress: unknown }[] = [];
    let fail = true;
    let release = () => undefined as void;
    const api = fakeBackgroundApi({
      getStatus: async () => status,
      getTabCustomer: async () => ({ tabId: 3, context, customerKeys: [], focusKey: null, request: null }),
      createCustomer: async (data) => {
        sent.push({ key: data.idempotencyKey, companyAddress: data.customer.companyAddress, personalAddress: data.customer.personalAddress });
        // Held until the test releases it, so the second click lands while the first request is in flight.
        await new Promise<void>((r) => (release = r));
        if (fail) return { ok: false, error: { code: 'unreachable', message: 'Cannot reach the server.' } };
        return { ok: true, customer: customer({ id: '77', displayName: 'Grace Hopper' }) };
      },
    });
    view = await render(<SidePanelApp api={api} prefs={preferences(browser.storage.local)} />);
    await flush();
    expect(view.byTestId('ledger-no-match')?.textContent).toContain('Grace Hopper');
    await click(view.byTestId('ledger-create-in'));
    expect((view.byTestId('create-display-name') as HTMLInputElement).value).toBe('Grace Hopper');
    const submit = view.byTestId('create-submit')!;
    await click(submit);
    await click(submit);
    release();
    await settle();
    expect(sent).toHaveLength(1);
    expect(view.byTestId('action-error')?.textContent).toContain('Cannot reach');
    fail = false;
    await click(submit);
    release();
    await settle();
    expect(sent.map((s) => s.key)).toEqual([sent[0]!.key, sent[0]!.key]);
    expect(sent[0]!.companyAddress).toMatchObject({ city: 'Arlington' });
    expect(sent[0]!.personalAddress).toBeNull();
  });

  it('links an existing customer found by search', async () => {
    const links: string[] = [];
    const api = fakeBackgroundApi({
      getStatus: async () => status,
      getTabCustomer: async () => ({ tabId: 3, context, customerKeys: [], focusKey: null, request: null }),
      searchCustomers: async ({ query }) => ({
        total: 1, plan: 'scan',
        hits: query.text === 'ada' ? [{ key: 'qbo:realm-1:1', connectionId: 'conn-1', provider: 'qbo', companyId: 'realm-1', displayName: 'Ada', currency: 'USD', balance: '0', overdue: '0', daysOverdue: 0, lastInvoiceDate: null, lastPaymentDate: null, lifetimeSales: '0', thisYearSales: '0', periodSales: null }] : [],
      }),
      linkCustomer: async ({ recordKey, customerKey }) => {
        links.push(`${recordKey} → ${customerKey}`);
        return { ok: true, link: { recordKey, customerKey, connectionId: 'conn-1', createdBySeatId: 's', createdAt: '' } };
      },
    });
    view = await render(<SidePanelApp api={api} prefs={preferences(browser.storage.local)} />);
    await flush();
    await click(view.byTestId('ledger-link-existing'));
    await typeInto(view.byTestId('link-search') as HTMLInputElement, 'ada');
    await click(view.byTestId('link-search-submit'));
    await flush();
    await click(view.byTestId('link-choose'));
    await flush();
    expect(links).toEqual(['hubspot:1:0-1:9 → qbo:realm-1:1']);
  });
});
