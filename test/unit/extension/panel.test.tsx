// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { PanelApp } from '../../../components/panel/panel-app';
import { PanelView } from '../../../components/panel/panel-view';
import type { LookupResult } from '../../../lib/messaging';
import type { RecordContext } from '../../../lib/model';
import type { Invoice } from '../../../lib/model';
import { customer } from './support/fake-proxy';
import { HOSTILE_PAYLOADS } from '../../support/hostile-corpus';

const invoice = (over: Partial<Invoice>): Invoice => ({
  provider: 'qbo', companyId: 'realm-1', connectionId: 'conn-1', id: over.id ?? 'i1', updatedAt: '2025-01-01T00:00:00Z',
  customerId: '1', number: 'INV-1', status: 'open', issueDate: '2025-01-01', dueDate: '2025-01-31', currency: 'USD',
  total: '100', balance: '100', lines: [], webUrl: null, ...over,
});
import { flush, render, type Rendered } from './support/render';

const context: RecordContext = {
  crm: 'hubspot',
  kind: 'person',
  recordKey: 'hubspot:4242:0-1:1001',
  name: 'Ada Lovelace',
  emails: ['ada.lovelace@example.com'],
  companyName: null,
  phone: null,
  address: null,
};

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
});

describe('panel', () => {
  it("shows each matched customer's name, balance in its own currency and a link to the provider", async () => {
    const result: LookupResult = {
      state: 'matched',
      matchedBy: 'email',
      customers: [
        customer({ id: '7', displayName: 'Ada Lovelace', balance: '1234.5', currency: 'EUR' }),
        customer({ id: '8', displayName: 'Analytical Engines', balance: '-20', currency: 'USD', overdue: '5' }),
      ],
    };
    view = await render(<PanelView result={result} />);
    expect(view.byTestId('ledger-panel')).not.toBeNull();
    expect(view.allByTestId('ledger-customer-name').map((e) => e.textContent)).toEqual(['Ada Lovelace', 'Analytical Engines']);
    const eur = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'EUR' }).format(1234.5);
    expect(view.allByTestId('ledger-balance').map((e) => e.textContent)).toEqual([
      eur,
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(-20),
    ]);
    const link = view.byTestId('ledger-open-in') as HTMLAnchorElement;
    expect(link.textContent).toBe('Open in QuickBooks');
    expect(link.getAttribute('href')).toContain('nameId=7');
    expect(link.target).toBe('_blank');
    expect(link.rel).toContain('noopener');
    expect(view.container.textContent).toContain('Matched by email');
    expect(view.container.textContent).toContain('2 customers match this contact');
  });

  it.each([
    [{ state: 'no-match' }, 'ledger-no-match', 'No customer in your accounting system'],
    [{ state: 'not-connected' }, 'ledger-not-connected', 'No accounting system is connected'],
    [{ state: 'not-paired' }, null, 'not set up in this browser'],
    [{ state: 'syncing' }, null, 'Syncing your accounting data'],
    [{ state: 'unreachable' }, null, 'Cannot reach the LedgerLens server'],
  ] as const)('says what is going on: %o', async (result, testId, sentence) => {
    view = await render(<PanelView result={result} />);
    if (testId) expect(view.byTestId(testId)).not.toBeNull();
    expect(view.byTestId('ledger-panel')?.textContent).toContain(sentence);
    expect(view.byTestId('ledger-balance')).toBeNull();
  });

  it('renders a hostile customer name as text, never as markup', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1">';
    const result: LookupResult = {
      state: 'matched',
      matchedBy: 'person-name',
      customers: [customer({ id: '1', displayName: hostile, companyName: hostile })],
    };
    view = await render(<PanelView result={result} />);
    await flush();
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.byTestId('ledger-customer-name')?.textContent).toBe(hostile);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it.each(HOSTILE_PAYLOADS)('renders %s as text in names, addresses, invoice numbers, candidates and company names', async (hostile) => {
    const c = customer({
      id: '1',
      displayName: hostile,
      companyName: hostile,
      billingAddress: { line1: hostile, line2: null, city: hostile, region: null, postalCode: null, country: null },
    });
    const details = { [`qbo:realm-1:1`]: { invoices: [invoice({ number: hostile })] } };
    view = await render(
      <PanelView result={{ state: 'matched', matchedBy: 'email', customers: [c], details, explanation: hostile }} companies={{ 'qbo:realm-1': hostile }} />,
    );
    await flush();
    const text = view.container.textContent ?? '';
    expect(view.byTestId('ledger-customer-address')?.textContent).toContain(hostile);
    expect(view.byTestId('ledger-invoice-row')?.textContent).toContain(hostile);
    expect(text).toContain(`QuickBooks · ${hostile}`);
    await view.unmount();
    view = await render(<PanelView result={{ state: 'matched', status: 'ambiguous', matchedBy: 'email', customers: [c, { ...c, id: '2' }] }} companies={{ 'qbo:realm-1': hostile }} />);
    await flush();
    expect(view.allByTestId('ledger-candidate')).toHaveLength(2);
    expect(view.container.querySelector('img, script, svg, iframe, [onerror], [onload]')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows overdue with days, an ageing bar, last invoice and payment and the latest five invoices', async () => {
    const c = customer({ id: '1', displayName: 'Ada', balance: '350', currency: 'USD' });
    const invoices = [
      invoice({ id: 'i1', number: 'INV-1', issueDate: '2025-01-01', dueDate: '2025-01-31', balance: '100', total: '100' }),
      invoice({ id: 'i2', number: 'INV-2', issueDate: '2025-02-01', dueDate: '2025-03-01', balance: '0', total: '80', status: 'paid' }),
      invoice({ id: 'i3', number: 'INV-3', issueDate: '2025-03-01', dueDate: '2025-03-31', balance: '50', total: '50' }),
      invoice({ id: 'i4', number: 'INV-4', issueDate: '2025-04-01', dueDate: '2025-04-30', balance: '100', total: '100' }),
      invoice({ id: 'i5', number: 'INV-5', issueDate: '2025-05-01', dueDate: '2099-01-01', balance: '100', total: '100' }),
      invoice({ id: 'i6', number: 'INV-6', issueDate: '2025-06-01', dueDate: null, balance: '0', total: '10', status: 'draft' }),
    ];
    view = await render(<PanelView result={{ state: 'matched', matchedBy: 'email', customers: [c], details: { 'qbo:realm-1:1': { invoices } } }} />);
    const rows = view.allByTestId('ledger-invoice-row');
    expect(rows.map((r) => r.firstElementChild?.textContent)).toEqual(['INV-6', 'INV-5', 'INV-4', 'INV-3', 'INV-2']);
    expect(view.byTestId('ledger-overdue')?.textContent).toMatch(/\$250\.00 · \d+ days/);
    expect(view.byTestId('ledger-ageing')?.getAttribute('aria-label')).toContain('Current: $100.00');
    expect(view.container.textContent).toContain('Last invoice');
  });

  it('is collapsible with a real button and remembers the choice', async () => {
    let stored = false;
    const collapse = { get: async () => stored, set: async (v: boolean) => void (stored = v) };
    const api = { lookupRecord: async () => ({ state: 'no-match' }) as const };
    view = await render(<PanelApp context={context} api={api} collapse={collapse} subscribe={() => () => {}} />);
    await flush();
    const header = view.container.querySelector('button[aria-expanded]') as HTMLButtonElement;
    expect(header.getAttribute('aria-expanded')).toBe('true');
    await act(async () => header.click());
    expect(header.getAttribute('aria-expanded')).toBe('false');
    expect(stored).toBe(true);
    expect(view.byTestId('ledger-no-match')?.closest('[hidden]')).not.toBeNull();
  });

  it('follows the display preference: locale for amounts and dates; compact leaves out ageing and invoices', async () => {
    const c = customer({ id: '1', displayName: 'Ada', balance: '1234.5', currency: 'EUR' });
    const invoices = [invoice({ id: 'i1', number: 'INV-1', issueDate: '2025-01-01', dueDate: '2025-01-31', balance: '100', total: '100' })];
    const result: LookupResult = { state: 'matched', matchedBy: 'email', customers: [c], details: { 'qbo:realm-1:1': { invoices } } };
    view = await render(<PanelView result={result} display={{ locale: 'de-DE', compact: false, tabs: ['invoices'] }} />);
    expect(view.byTestId('ledger-balance')?.textContent).toBe(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(1234.5));
    expect(view.allByTestId('ledger-invoice-row')).toHaveLength(1);
    await view.unmount();
    view = await render(<PanelView result={result} display={{ locale: null, compact: true, tabs: ['invoices'] }} />);
    expect(view.byTestId('ledger-ageing')).toBeNull();
    expect(view.allByTestId('ledger-invoice-row')).toHaveLength(0);
    expect(view.container.querySelector('.ll-compact')).not.toBeNull();
  });

  it('offers Create in and Link existing when nothing matches, and links a chosen candidate', async () => {
    const opened: string[] = [];
    const linked: unknown[] = [];
    const actions = {
      openSidePanel: async (d: { intent: string }) => (opened.push(d.intent), { ok: true as const }),
      linkRecord: async (d: unknown) => (linked.push(d), { ok: true as const, link: {} as never }),
    };
    const answers: LookupResult[] = [
      { state: 'no-match' },
    ];
    const ambiguous = {
      state: 'matched', status: 'ambiguous', matchedBy: 'email', explanation: '2 customers share the email a@x.example — choose one.',
      customers: [customer({ id: '1', displayName: 'A one' }), customer({ id: '2', displayName: 'A two' })],
    } as const;
    let call = 0;
    const api = { lookupRecord: async () => (call++ === 0 ? answers[0]! : (ambiguous as unknown as LookupResult)) };
    const collapse = { get: async () => false, set: async () => {} };
    let changed: () => void = () => {};
    view = await render(<PanelApp context={context} api={api} actions={actions} collapse={collapse} subscribe={(cb) => ((changed = cb), () => {})} />);
    await flush();
    await act(async () => view!.byTestId('ledger-create-in')!.click());
    await act(async () => view!.byTestId('ledger-link-existing')!.click());
    expect(opened).toEqual(['create', 'link']);
    await act(async () => changed());
    await flush();
    expect(view.byTestId('ledger-explanation')?.textContent).toContain('choose one');
    await act(async () => view!.allByTestId('ledger-candidate')[1]!.click());
    await flush();
    expect(linked).toEqual([{ recordKey: context.recordKey, customerKey: 'qbo:realm-1:2' }]);
  });

  it('asks the background and asks again when the data changes', async () => {
    const answers: LookupResult[] = [
      { state: 'syncing' },
      { state: 'matched', matchedBy: 'email', customers: [customer({ id: '1', displayName: 'Ada Lovelace', balance: '10' })] },
    ];
    const asked: RecordContext[] = [];
    let changed: () => void = () => {};
    const api = {
      lookupRecord: async ({ context: c }: { context: RecordContext }) => {
        asked.push(c);
        return answers[Math.min(asked.length - 1, answers.length - 1)]!;
      },
    };
    view = await render(
      <PanelApp
        context={context}
        api={api}
        collapse={{ get: async () => false, set: async () => {} }}
        subscribe={(cb) => {
          changed = cb;
          return () => {};
        }}
      />,
    );
    await flush();
    expect(view.byTestId('ledger-panel')?.textContent).toContain('Syncing');
    await act(async () => changed());
    await flush();
    expect(view.byTestId('ledger-customer-name')?.textContent).toBe('Ada Lovelace');
    expect(asked).toEqual([context, context]);
  });
});
