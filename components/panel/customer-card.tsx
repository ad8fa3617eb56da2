import { formatMoney, PROVIDER_LABEL, type Customer } from '@/lib/model';
import { customerFigures, type CustomerDetails } from '@/lib/panel/panel-data';
import { AgeingBar } from './ageing-bar';

/**
 * One accounting customer: provider and company, balance, overdue with days, ageing, last invoice and payment, the
 * latest invoices. Every provider string is React text (names, addresses and numbers come from the ledger).
 */
export function CustomerCard({ customer, details, companyName }: { customer: Customer; details?: CustomerDetails | undefined; companyName?: string | undefined }) {
  const figures = customerFigures(customer, details);
  const money = (amount: string) => formatMoney(amount, customer.currency);
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
      {address && (
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
            <dd>{`${figures.lastInvoice.date} · ${money(figures.lastInvoice.total)}`}</dd>
          </>
        )}
        {figures.lastPayment && (
          <>
            <dt>Last payment</dt>
            <dd>{`${figures.lastPayment.date} · ${money(figures.lastPayment.amount)}`}</dd>
          </>
        )}
      </dl>
      {figures.ageing && <AgeingBar ageing={figures.ageing} currency={customer.currency} />}
      {figures.invoices.length > 0 && (
        <table className="ll-invoices" data-testid="ledger-invoices">
          <caption className="ll-sr-only">Latest invoices</caption>
          <tbody>
            {figures.invoices.map((invoice) => (
              <tr key={invoice.id} data-testid="ledger-invoice-row">
                <td>{invoice.number ?? '—'}</td>
                <td>{invoice.issueDate}</td>
                <td className={`ll-status ll-status--${invoice.status}`}>{invoice.status}</td>
                <td className="ll-num">{formatMoney(invoice.total, invoice.currency)}</td>
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
