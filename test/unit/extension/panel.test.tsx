// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { act } from 'react';
import { PanelApp } from '../../../components/panel/panel-app';
import { PanelView } from '../../../components/panel/panel-view';
import type { LookupResult } from '../../../lib/messaging';
import type { RecordContext } from '../../../lib/model';
import { customer } from './support/fake-proxy';
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
      matchedBy: 'name',
      customers: [customer({ id: '1', displayName: hostile, companyName: hostile })],
    };
    view = await render(<PanelView result={result} />);
    await flush();
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.byTestId('ledger-customer-name')?.textContent).toBe(hostile);
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
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
