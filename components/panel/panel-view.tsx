import { formatMoney, PROVIDER_LABEL, type Customer } from '@/lib/model';
import type { LookupResult } from '@/lib/messaging';

export type PanelState = LookupResult | { state: 'loading' } | { state: 'error' };

/**
 * What LedgerLens knows about the CRM record. Everything is React text: customer names and addresses come from the
 * accounting system and are never trusted as markup.
 */
export function PanelView({ result }: { result: PanelState }) {
  return (
    <section data-testid="ledger-panel" className="ll-panel" aria-label="LedgerLens" aria-busy={result.state === 'loading'}>
      <header className="ll-panel__header">LedgerLens</header>
      <PanelBody result={result} />
    </section>
  );
}

function PanelBody({ result }: { result: PanelState }) {
  switch (result.state) {
    case 'loading':
      return <p className="ll-muted">Looking up this contact…</p>;
    case 'error':
      return <p className="ll-muted">LedgerLens could not look up this contact. Reload the page to try again.</p>;
    case 'not-paired':
      return (
        <p className="ll-muted">
          LedgerLens is not set up in this browser yet. Click the LedgerLens toolbar button to pair it with your server.
        </p>
      );
    case 'not-connected':
      return (
        <p data-testid="ledger-not-connected" className="ll-muted">
          No accounting system is connected. Click the LedgerLens toolbar button to connect QuickBooks.
        </p>
      );
    case 'syncing':
      return (
        <p className="ll-muted" role="status">
          Syncing your accounting data… This contact will show up as soon as the sync reaches it.
        </p>
      );
    case 'unreachable':
      return (
        <p className="ll-muted" role="status">
          Cannot reach the LedgerLens server right now. The figures will appear when it is back.
        </p>
      );
    case 'no-match':
      return (
        <p data-testid="ledger-no-match" className="ll-muted">
          No customer in your accounting system has this contact's email addresses or name.
        </p>
      );
    case 'matched':
      return (
        <>
          {result.customers.length > 1 && (
            <p className="ll-muted">{result.customers.length} customers match this contact.</p>
          )}
          <ul className="ll-customers">
            {result.customers.map((customer) => (
              <CustomerCard key={`${customer.provider}:${customer.companyId}:${customer.id}`} customer={customer} />
            ))}
          </ul>
          <p className="ll-muted ll-small">Matched by {result.matchedBy === 'email' ? 'email' : 'name'}</p>
        </>
      );
  }
}

function CustomerCard({ customer }: { customer: Customer }) {
  return (
    <li className="ll-customer">
      <div data-testid="ledger-customer-name" className="ll-customer__name">
        {customer.displayName}
      </div>
      <dl className="ll-figures">
        <dt>Open balance</dt>
        <dd data-testid="ledger-balance">{formatMoney(customer.balance, customer.currency)}</dd>
        {customer.overdue !== null && (
          <>
            <dt>Overdue</dt>
            <dd data-testid="ledger-overdue">{formatMoney(customer.overdue, customer.currency)}</dd>
          </>
        )}
      </dl>
      <a data-testid="ledger-open-in" href={customer.webUrl} target="_blank" rel="noopener noreferrer">
        Open in {PROVIDER_LABEL[customer.provider]}
      </a>
    </li>
  );
}
