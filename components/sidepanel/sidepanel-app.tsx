import { useCallback, useEffect, useRef, useState } from 'react';
import { PROVIDER_LABEL } from '@/lib/model';
import { backgroundApi, type BackgroundApi, type CustomerDetail, type Status, type TabCustomer } from '@/lib/messaging';
import { DEFAULT_DISPLAY, preferences as defaultPreferences, type Display, type Preferences } from '@/lib/settings';
import { CustomerSearch } from '@/components/shared/customer-search';
import { CustomerView } from './customer-view';
import { CreateCustomerForm } from './create-customer-form';
import { LinkExisting } from './link-existing';
import { LogTimeForm } from './log-time-form';
import { SalesDocumentForm } from './sales-document-form';

type Action = 'create' | 'link' | 'time' | 'invoice' | 'estimate' | 'search' | null;

/** A request older than this when the side panel opens is history (the user opened it another way since). */
const REQUEST_FRESH_MS = 60_000;

/**
 * The side panel: the customer matched on the current tab (or focused from search / the panel), its summary and
 * transactions, and the actions. `subscribe` fires on tab switches and data changes (injected: tests need no browser).
 */
export function SidePanelApp({
  api = backgroundApi,
  prefs = defaultPreferences(),
  subscribe = () => () => undefined,
  tabId = null,
  now = Date.now,
}: {
  api?: BackgroundApi;
  prefs?: Preferences;
  subscribe?: (onChange: () => void) => () => void;
  /** The CRM tab to follow; null = the active tab (what the side panel shows). */
  tabId?: number | null;
  now?: () => number;
}) {
  const [tab, setTab] = useState<TabCustomer | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [detail, setDetail] = useState<CustomerDetail | null | 'loading'>('loading');
  const [display, setDisplay] = useState<Display>(DEFAULT_DISPLAY);
  const [action, setAction] = useState<Action>(null);
  const [revision, setRevision] = useState(0);
  /** The nonce of the last openSidePanel request applied (null before the first answer). */
  const applied = useRef<number | null>(null);

  useEffect(() => subscribe(() => setRevision((r) => r + 1)), [subscribe]);
  useEffect(() => {
    void prefs.display.get().then(setDisplay);
    void api.getStatus().then(setStatus, () => undefined);
    void api.getTabCustomer({ tabId }).then((t) => {
      setTab(t);
      const request = t.request;
      if (request && request.nonce !== applied.current) {
        // Each request is applied once: the customer it focuses (search, the panel's button) and what it asks for —
        // the create form or the link search for the tab's record (the panel's "Create in" / "Link existing").
        const stale = applied.current === null && now() - request.nonce > REQUEST_FRESH_MS;
        applied.current = request.nonce;
        setChosen(t.focusKey);
        if (!stale) setAction(request.intent === 'view' ? null : request.intent);
      } else if (applied.current === null) {
        applied.current = 0;
      }
    });
  }, [api, prefs, revision, tabId, now]);

  const customerKey = chosen ?? tab?.customerKeys[0] ?? null;
  const load = useCallback(
    (key: string | null) => {
      if (!key) return setDetail(null);
      void api.getCustomerDetail({ customerKey: key }).then(setDetail, () => setDetail(null));
    },
    [api],
  );
  useEffect(() => load(customerKey), [load, customerKey, revision]);

  const open = (key: string) => {
    setChosen(key);
    setAction(null);
  };
  const connections = status?.connections ?? [];
  const context = tab?.context ?? null;
  const customer = detail && detail !== 'loading' ? detail.customer : null;

  const button = (id: Action, testId: string, label: string) => (
    <button type="button" data-testid={testId} className={action === id ? '' : 'll-secondary'} onClick={() => setAction(action === id ? null : id)}>
      {label}
    </button>
  );

  return (
    <main className={`ll-sidepanel${display.compact ? ' ll-compact' : ''}`}>
      {status && !status.paired && <p className="ll-error">Pair this browser from the toolbar button first.</p>}
      {tab && tab.customerKeys.length > 1 && !chosen && (
        <p className="ll-muted">Several customers match this record; showing the first. Search to pick another.</p>
      )}
      {detail === 'loading' && <p className="ll-muted">Loading…</p>}
      {detail === null && (
        <p data-testid="ledger-no-match" className="ll-muted">
          {context ? `No customer matches ${context.name ?? context.emails[0] ?? 'this record'}.` : 'Open a CRM record, or search for a customer.'}
        </p>
      )}
      {detail && detail !== 'loading' && (
        <>
          <CustomerView detail={detail} tabs={display.tabs} locale={display.locale} />
          <label className="ll-check">
            <input
              type="checkbox"
              data-testid="watch-customer"
              checked={detail.watched}
              onChange={(e) =>
                void api.setWatched({ customerKey: customerKey!, watched: e.target.checked }).then(() => load(customerKey))
              }
            />
            Watch (notify on payments and overdue invoices)
          </label>
        </>
      )}

      <div className="ll-tabs">
        {connections.length > 0 && context && !customer && button('create', 'ledger-create-in', `Create in ${connections.length === 1 ? PROVIDER_LABEL[connections[0]!.provider] : 'QuickBooks/Xero'}`)}
        {context && button('link', 'ledger-link-existing', 'Link existing')}
        {customer?.provider === 'qbo' && button('time', 'ledger-log-time', 'Log time')}
        {customer && button('invoice', 'ledger-create-invoice', 'New invoice')}
        {customer && button('estimate', 'ledger-create-estimate', customer.provider === 'xero' ? 'New quote' : 'New estimate')}
        {button('search', 'ledger-search', 'Search')}
      </div>

      {action === 'create' && <CreateCustomerForm api={api} context={context} connections={connections} onDone={open} />}
      {action === 'link' && context && <LinkExisting api={api} recordKey={context.recordKey} onDone={open} />}
      {action === 'time' && customer && <LogTimeForm api={api} customer={customer} />}
      {action === 'invoice' && customer && <SalesDocumentForm api={api} customer={customer} kind="invoice" />}
      {action === 'estimate' && customer && <SalesDocumentForm api={api} customer={customer} kind="estimate" />}
      {action === 'search' && <CustomerSearch api={api} compact onOpen={(hit) => open(hit.key)} locale={display.locale} />}
    </main>
  );
}
