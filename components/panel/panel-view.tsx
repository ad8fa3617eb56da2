import { useId, useState } from 'react';
import { PROVIDER_LABEL, recordKey, type Customer } from '@/lib/model';
import type { PanelResult } from '@/lib/panel/panel-data';
import { DEFAULT_DISPLAY, type Display } from '@/lib/settings';
import { CustomerCard } from './customer-card';

export type PanelState = PanelResult;

export interface PanelCallbacks {
  onCreate?: () => void;
  onLinkExisting?: () => void;
  onOpenSidePanel?: (customer?: Customer) => void;
  /** Choosing a candidate creates a link; resolves to an error sentence or null. */
  onChoose?: (customer: Customer) => Promise<string | null>;
}

/**
 * What LedgerLens knows about the CRM record: a collapsible region (the header is a real button with
 * aria-expanded), then the state's body. Everything is React text: provider strings are never trusted as markup.
 */
export function PanelView({
  result,
  collapsed = false,
  onToggle,
  companies = {},
  display = DEFAULT_DISPLAY,
  ...callbacks
}: {
  result: PanelState;
  collapsed?: boolean;
  onToggle?: () => void;
  /** The options page's display preference (locale, compact, tabs). */
  display?: Display;
  /** Connection company names by `${provider}:${companyId}`, to say which ledger each customer is in. */
  companies?: Record<string, string>;
} & PanelCallbacks) {
  const bodyId = useId();
  return (
    <section data-testid="ledger-panel" className={`ll-panel${display.compact ? ' ll-compact' : ''}`} aria-label="LedgerLens" aria-busy={result.state === 'loading'}>
      <button type="button" className="ll-panel__header" aria-expanded={!collapsed} aria-controls={bodyId} onClick={onToggle}>
        <span aria-hidden="true" className="ll-chevron">{collapsed ? '▸' : '▾'}</span> LedgerLens
      </button>
      <div id={bodyId} hidden={collapsed}>
        <PanelBody result={result} companies={companies} display={display} {...callbacks} />
      </div>
    </section>
  );
}

function PanelBody({
  result,
  companies,
  display,
  ...cb
}: { result: PanelState; companies: Record<string, string>; display: Display } & PanelCallbacks) {
  switch (result.state) {
    case 'loading':
      return <p className="ll-muted">Looking up this contact…</p>;
    case 'error':
      return <p className="ll-muted">LedgerLens could not look up this contact. Reload the page to try again.</p>;
    case 'not-paired':
      return (
        <p data-testid="ledger-not-paired" className="ll-muted">
          LedgerLens is not set up in this browser yet. Click the LedgerLens toolbar button to pair it with your server.
        </p>
      );
    case 'not-connected':
      return (
        <p data-testid="ledger-not-connected" className="ll-muted">
          No accounting system is connected. Click the LedgerLens toolbar button to connect QuickBooks.
        </p>
      );
    case 'reconnect-required':
      return (
        <p data-testid="ledger-reconnect" className="ll-muted" role="status">
          {result.message ?? 'Your accounting connection needs to be reconnected.'} Click the LedgerLens toolbar button to reconnect.
        </p>
      );
    case 'syncing':
      return (
        <p data-testid="ledger-syncing" className="ll-muted" role="status">
          Syncing your accounting data… This contact will show up as soon as the sync reaches it.
        </p>
      );
    case 'unreachable':
      return (
        <p data-testid="ledger-unreachable" className="ll-muted" role="status">
          Cannot reach the LedgerLens server right now. The figures will appear when it is back.
        </p>
      );
    case 'no-match':
      return (
        <>
          <p data-testid="ledger-no-match" className="ll-muted">
            No customer in your accounting system has this contact's email addresses or name.
          </p>
          <Actions {...cb} />
        </>
      );
    case 'matched': {
      const status = result.status ?? 'matched';
      const companyOf = (c: Customer) => companies[`${c.provider}:${c.companyId}`];
      if (status === 'ambiguous' || status === 'suggested') {
        return (
          <>
            <p data-testid="ledger-explanation" className="ll-muted">{result.explanation ?? `${result.customers.length} customers match this contact — choose one.`}</p>
            <Candidates customers={result.customers} companyOf={companyOf} onChoose={cb.onChoose} />
            <Actions {...cb} />
          </>
        );
      }
      return (
        <>
          {result.customers.length > 1 && (
            <p className="ll-muted">{result.customers.length} customers match this contact.</p>
          )}
          <ul className="ll-customers">
            {result.customers.map((customer) => (
              <CustomerCard key={recordKey(customer)} customer={customer} details={result.details?.[recordKey(customer)]} companyName={companyOf(customer)} display={display} />
            ))}
          </ul>
          <p data-testid="ledger-explanation" className="ll-muted ll-small">
            {result.explanation ?? `Matched by ${result.matchedBy === 'email' ? 'email' : 'name'}`}
          </p>
          {cb.onOpenSidePanel && (
            <button type="button" className="ll-action" data-testid="ledger-open-side-panel" onClick={() => cb.onOpenSidePanel?.(result.customers[0])}>
              Open side panel
            </button>
          )}
        </>
      );
    }
  }
}

function Actions({ onCreate, onLinkExisting }: PanelCallbacks) {
  return (
    <div className="ll-actions">
      <button type="button" className="ll-action" data-testid="ledger-create-in" onClick={onCreate}>
        Create in accounting
      </button>
      <button type="button" className="ll-action" data-testid="ledger-link-existing" onClick={onLinkExisting}>
        Link existing customer
      </button>
    </div>
  );
}

function Candidates({ customers, companyOf, onChoose }: { customers: Customer[]; companyOf: (c: Customer) => string | undefined; onChoose: PanelCallbacks['onChoose'] }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <ul className="ll-candidates" data-testid="ledger-candidates">
        {customers.map((customer) => {
          const key = recordKey(customer);
          const company = companyOf(customer);
          return (
            <li key={key}>
              <button
                type="button"
                className="ll-candidate"
                data-testid="ledger-candidate"
                disabled={busy !== null}
                onClick={async () => {
                  setBusy(key);
                  setError((await onChoose?.(customer)) ?? null);
                  setBusy(null);
                }}
              >
                <span className="ll-customer__source">{PROVIDER_LABEL[customer.provider]}{company ? ` · ${company}` : ''}</span>
                <span className="ll-customer__name">{customer.displayName}</span>
                <span className="ll-small">{busy === key ? 'Linking…' : 'Link to this record'}</span>
              </button>
            </li>
          );
        })}
      </ul>
      {error && <p role="alert" className="ll-error">{error}</p>}
    </>
  );
}
