import { useState } from 'react';
import { PROVIDER_LABEL } from '@/lib/model';
import type { CustomerDetail } from '@/lib/messaging';
import type { PanelTab } from '@/lib/settings';
import { AGEING_LABELS, type Ageing } from '@/lib/db/ageing';
import { day, money } from '@/components/shared/format';

const TAB_LABEL: Record<PanelTab, string> = {
  invoices: 'Invoices',
  estimates: 'Estimates',
  payments: 'Payments',
  creditNotes: 'Credit notes',
};

interface Line {
  description: string | null;
  itemName: string | null;
  quantity: string | null;
  amount: string;
}

/** The customer's financial summary and transactions. Every provider string is rendered as React text. */
export function CustomerView({
  detail,
  tabs,
  locale,
}: {
  detail: CustomerDetail;
  tabs: readonly PanelTab[];
  locale: string | null;
}) {
  const [tab, setTab] = useState<PanelTab>(tabs[0] ?? 'invoices');
  const { customer } = detail;
  const cur = customer.currency;
  const m = (v: string | null) => money(v, cur, locale);
  const provider = PROVIDER_LABEL[customer.provider];
  return (
    <div data-testid="ledger-panel">
      <h2 data-testid="ledger-customer-name">{customer.displayName}</h2>
      <p className="ll-muted">
        {detail.connection?.companyName ?? customer.companyId} · {provider}{' '}
        <a data-testid="ledger-open-in" href={customer.webUrl} target="_blank" rel="noreferrer">
          Open in {provider}
        </a>
      </p>
      <dl className="ll-figures">
        <dt>Balance</dt>
        <dd data-testid="ledger-balance">{m(detail.balance)}</dd>
        <dt>Overdue</dt>
        <dd data-testid="ledger-overdue">
          {m(detail.overdue)}
          {detail.daysOverdue > 0 ? ` (${detail.daysOverdue} days)` : ''}
        </dd>
        <dt>Lifetime sales</dt>
        <dd data-testid="ledger-lifetime">{m(detail.lifetimeSales)}</dd>
        <dt>This year</dt>
        <dd data-testid="ledger-this-year">{m(detail.thisYearSales)}</dd>
        <dt>Last invoice</dt>
        <dd>{day(detail.lastInvoiceDate, locale)}</dd>
        <dt>Last payment</dt>
        <dd>{day(detail.lastPaymentDate, locale)}</dd>
      </dl>
      <table className="ll-table" data-testid="ledger-ageing">
        <tbody>
          <tr>
            {(Object.keys(AGEING_LABELS) as (keyof Ageing)[]).map((k) => (
              <th key={k}>{AGEING_LABELS[k]}</th>
            ))}
          </tr>
          <tr>
            {(Object.keys(AGEING_LABELS) as (keyof Ageing)[]).map((k) => (
              <td key={k} data-testid={`ledger-ageing-${k}`}>
                {m(detail.ageing[k])}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <div className="ll-tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t} type="button" role="tab" aria-selected={t === tab} className="ll-secondary" onClick={() => setTab(t)}>
            {TAB_LABEL[t]} ({detail[t].length})
          </button>
        ))}
      </div>
      {tab === 'invoices' && (
        <ul data-testid="ledger-invoices" className="ll-list">
          {detail.invoices.map((i) => (
            <Row key={i.id} testId="ledger-invoice-row" title={`Invoice ${i.number ?? i.id}`} status={i.status} date={i.issueDate}
              amount={`${money(i.total, i.currency, locale)} · due ${money(i.balance, i.currency, locale)}${i.dueDate ? ` by ${day(i.dueDate, locale)}` : ''}`}
              url={i.webUrl} provider={provider} lines={i.lines} locale={locale} currency={i.currency} />
          ))}
        </ul>
      )}
      {tab === 'estimates' && (
        <ul data-testid="ledger-estimates" className="ll-list">
          {detail.estimates.map((e) => (
            <Row key={e.id} testId="ledger-estimate-row" title={`Estimate ${e.number ?? e.id}`} status={e.status} date={e.issueDate}
              amount={money(e.total, e.currency, locale)} url={e.webUrl} provider={provider} lines={e.lines} locale={locale} currency={e.currency} />
          ))}
        </ul>
      )}
      {tab === 'payments' && (
        <ul data-testid="ledger-payments" className="ll-list">
          {detail.payments.map((p) => (
            <Row key={p.id} testId="ledger-payment-row" title={`Payment ${p.reference ?? ''}`} status="received" date={p.date}
              amount={money(p.amount, p.currency, locale)} url={p.webUrl} provider={provider} lines={[]} locale={locale} currency={p.currency} />
          ))}
        </ul>
      )}
      {tab === 'creditNotes' && (
        <ul data-testid="ledger-credit-notes" className="ll-list">
          {detail.creditNotes.map((c) => (
            <Row key={c.id} testId="ledger-credit-note-row" title={`Credit note ${c.number ?? c.id}`} status={c.status} date={c.date}
              amount={`${money(c.total, c.currency, locale)} · unapplied ${money(c.remaining, c.currency, locale)}`}
              url={c.webUrl} provider={provider} lines={c.lines} locale={locale} currency={c.currency} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Row(props: {
  testId: string;
  title: string;
  status: string;
  date: string;
  amount: string;
  url: string | null;
  provider: string;
  lines: Line[];
  locale: string | null;
  currency: string;
}) {
  return (
    <li data-testid={props.testId}>
      <strong>{props.title}</strong> <span className="ll-muted">{props.status}</span> · {day(props.date, props.locale)} ·{' '}
      {props.amount}{' '}
      {props.url && (
        <a href={props.url} target="_blank" rel="noreferrer">
          Open in {props.provider}
        </a>
      )}
      {props.lines.length > 0 && (
        <ul className="ll-lines">
          {props.lines.map((l, i) => (
            <li key={i}>
              {l.itemName ?? l.description ?? 'Line'}
              {l.quantity ? ` × ${l.quantity}` : ''} — {money(l.amount, props.currency, props.locale)}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
