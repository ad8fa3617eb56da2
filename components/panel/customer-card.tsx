import { formatMoney, PROVIDER_LABEL, type Customer } from '@/lib/model';
import { customerFigures, type CustomerDetails } from '@/lib/panel/panel-data';
import { DEFAULT_DISPLAY, type Display } from '@/lib/settings';
import { day } from '@/components/shared/format';
import { AgeingBar } from './ageing-bar';

/**
 * One accounting customer: provider and company, balance, overdue with days, ageing, last invoice and payment, the
 * latest invoices. Every provider string is React text (names, addresses and numbers come from the ledger).
 * `display` is the options page's `ledgerlens.display`: the locale for amounts and dates; compact leaves out the
 * address, ageing bar and invoice list; the invoice list shows only when the invoices tab is on.
 */
export function CustomerCard({
  customer,
  details,
  companyName,
  display = DEFAULT_DISPLAY,
}: {
  customer: Customer;
  details?: CustomerDetails | undefined;
  companyName?: string | undefined;
  display?: Display;
}) {
  const figures = customerFigures(customer, details);
  const locale = display.locale ?? undefined;
  const money = (amount: string, currency = customer.currency) => {
    try {
      return formatMoney(amount, currency, locale);
    } catch {
      // A locale typed by hand may be invalid: fall back to the browser's.
      return formatMoney(amount, currency);
    }
  };
  const date = (iso: string) => {
    try {
      return display.locale ? day(iso, display.locale) : iso;
    } catch {
      return iso;
    }
  };
  const showInvoices = !display.compact && display.tabs.includes('invoices');
  const address = customer.billingAddress;
  return (
    <li className="ll-customer">
      <div className="ll-customer__source">
        {PROVIDER_LABEL[customer.provider]}
        {companyName ? ` · ${companyName}` : ''}
      </div>
      <div data-testid="ledger-customer-name" className="ll-customer__name">
        {customer.displayName}
      </div>
      {address && !display.compact && (
        <div data-testid="ledger-customer-address" className="ll-muted ll-small">
          {[address.line1, address.line2, address.city, address.region, address.postalCode, address.country].filter(Boolean).join(', ')}
        </div>
      )}
      <dl className="ll-figures">
        <dt>Open balance</dt>
        <dd data-testid="ledger-balance">{money(customer.balance)}</dd>
        {figures.overdue !== null && (
          <>
            <dt>Overdue</dt>
            <dd data-testid="ledger-overdue">
              {money(figures.overdue)}
              {figures.overdueDays ? ` · ${figures.overdueDays} ${figures.overdueDays === 1 ? 'day' : 'days'}` : ''}
            </dd>
          </>
        )}
        {figures.lastInvoice && (
          <>
            <dt>Last invoice</dt>
            <dd data-testid="ledger-last-invoice">{`${date(figures.lastInvoice.date)} · ${money(figures.lastInvoice.total)}`}</dd>
          </>
        )}
        {figures.lastPayment && (
          <>
            <dt>Last payment</dt>
            <dd data-testid="ledger-last-payment">{`${date(figures.lastPayment.date)} · ${money(figures.lastPayment.amount)}`}</dd>
          </>
        )}
      </dl>
      {figures.ageing && !display.compact && <AgeingBar ageing={figures.ageing} currency={customer.currency} locale={locale} />}
      {showInvoices && figures.invoices.length > 0 && (
        <table className="ll-invoices" data-testid="ledger-invoices">
          <caption className="ll-sr-only">Latest invoices</caption>
          <tbody>
            {figures.invoices.map((invoice) => (
              <tr key={invoice.id} data-testid="ledger-invoice-row">
                <td>{invoice.number ?? '—'}</td>
                <td>{date(invoice.issueDate)}</td>
                <td className={`ll-status ll-status--${invoice.status}`}>{invoice.status}</td>
                <td className="ll-num">{money(invoice.total, invoice.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <a data-testid="ledger-open-in" className="ll-action" href={customer.webUrl} target="_blank" rel="noopener noreferrer">
        Open in {PROVIDER_LABEL[customer.provider]}
      </a>
    </li>
  );
}
