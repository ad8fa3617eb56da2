import { useState, type FormEvent } from 'react';
import { PROVIDER_LABEL, type Provider } from '@/lib/model';
import type { BackgroundApi } from '@/lib/messaging';
import type { CustomerHit, CustomerQuery, SearchResult, SortField } from '@/lib/search/customer-search';
import { SEARCH_CSV_HEADER, searchCsvRows } from '@/lib/search/customer-search';
import { downloadCsv, toCsv } from '@/lib/search/csv';
import { day, money } from './format';

/** Form fields as typed; empty = no filter. */
interface Fields {
  text: string;
  balanceMin: string;
  balanceMax: string;
  overdueMin: string;
  daysOverdueMin: string;
  lastInvoiceAfter: string;
  lastInvoiceBefore: string;
  salesFrom: string;
  salesTo: string;
  salesMin: string;
  currency: string;
  provider: '' | Provider;
}
const EMPTY: Fields = {
  text: '', balanceMin: '', balanceMax: '', overdueMin: '', daysOverdueMin: '', lastInvoiceAfter: '', lastInvoiceBefore: '',
  salesFrom: '', salesTo: '', salesMin: '', currency: '', provider: '',
};
const AMOUNT = /^-?\d+(\.\d+)?$/;

export function queryFromFields(f: Fields, sort: CustomerQuery['sort']): CustomerQuery | string {
  const q: CustomerQuery = {};
  for (const key of ['balanceMin', 'balanceMax', 'overdueMin'] as const) {
    const v = f[key].trim();
    if (!v) continue;
    if (!AMOUNT.test(v)) return 'Amounts are numbers, e.g. 1000 or 99.50.';
    q[key] = v;
  }
  if (f.text.trim()) q.text = f.text.trim();
  if (f.daysOverdueMin.trim()) {
    const n = Number(f.daysOverdueMin);
    if (!Number.isInteger(n) || n < 0) return 'Days overdue is a whole number of days.';
    q.daysOverdueMin = n;
  }
  if (f.lastInvoiceAfter) q.lastInvoiceAfter = f.lastInvoiceAfter;
  if (f.lastInvoiceBefore) q.lastInvoiceBefore = f.lastInvoiceBefore;
  if (f.salesFrom || f.salesTo) {
    if (f.salesMin.trim() && !AMOUNT.test(f.salesMin.trim())) return 'Amounts are numbers, e.g. 1000 or 99.50.';
    q.salesPeriod = {
      from: f.salesFrom || '0000-01-01',
      to: f.salesTo || '9999-12-31',
      ...(f.salesMin.trim() ? { min: f.salesMin.trim() } : {}),
    };
  }
  if (f.currency.trim()) q.currency = f.currency.trim().toUpperCase();
  if (f.provider) q.provider = f.provider;
  if (sort) q.sort = sort;
  return q;
}

const COLUMNS: { field: SortField; label: string }[] = [
  { field: 'name', label: 'Customer' },
  { field: 'balance', label: 'Balance' },
  { field: 'overdue', label: 'Overdue' },
  { field: 'daysOverdue', label: 'Days overdue' },
  { field: 'lastInvoiceDate', label: 'Last invoice' },
  { field: 'lifetimeSales', label: 'Lifetime sales' },
];

/** Accounting search over the local mirror (options page and side panel); each result opens the customer. */
export function CustomerSearch({
  api,
  onOpen,
  compact = false,
  locale,
}: {
  api: Pick<BackgroundApi, 'searchCustomers'>;
  onOpen: (hit: CustomerHit) => void;
  compact?: boolean;
  locale?: string | null;
}) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [sort, setSort] = useState<{ field: SortField; dir: 'asc' | 'desc' }>({ field: 'name', dir: 'asc' });
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(nextSort = sort) {
    const query = queryFromFields(fields, nextSort);
    if (typeof query === 'string') {
      setError(query);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      setResult(await api.searchCustomers({ query }));
    } catch {
      setError('The search did not answer. Reload this page and try again.');
    } finally {
      setBusy(false);
    }
  }

  const set = (key: keyof Fields) => (e: { target: { value: string } }) => setFields({ ...fields, [key]: e.target.value });
  const input = (key: keyof Fields, label: string, type = 'text') => (
    <label className="ll-field">
      {label}
      <input data-testid={`search-${key}`} type={type} value={fields[key]} onChange={set(key)} />
    </label>
  );
  const resort = (field: SortField) => {
    const next = { field, dir: sort.field === field && sort.dir === 'asc' ? 'desc' : 'asc' } as const;
    setSort(next);
    void run(next);
  };

  return (
    <section className="ll-search" data-testid="customer-search">
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void run();
        }}
      >
        {input('text', 'Name, email or id')}
        {!compact && (
          <div className="ll-grid">
            {input('balanceMin', 'Balance at least')}
            {input('balanceMax', 'Balance at most')}
            {input('overdueMin', 'Overdue at least')}
            {input('daysOverdueMin', 'Days overdue at least')}
            {input('lastInvoiceAfter', 'Last invoice after', 'date')}
            {input('lastInvoiceBefore', 'Last invoice before', 'date')}
            {input('salesFrom', 'Sales from', 'date')}
            {input('salesTo', 'Sales to', 'date')}
            {input('salesMin', 'Sales at least')}
            {input('currency', 'Currency')}
            <label className="ll-field">
              Provider
              <select data-testid="search-provider" value={fields.provider} onChange={set('provider')}>
                <option value="">Any</option>
                <option value="qbo">{PROVIDER_LABEL.qbo}</option>
                <option value="xero">{PROVIDER_LABEL.xero}</option>
              </select>
            </label>
          </div>
        )}
        <button data-testid="search-submit" type="submit" disabled={busy}>
          {busy ? 'Searching…' : 'Search'}
        </button>{' '}
        {result && result.hits.length > 0 && (
          <button
            data-testid="search-export"
            type="button"
            className="ll-secondary"
            onClick={() => downloadCsv('ledgerlens-customers.csv', toCsv(SEARCH_CSV_HEADER, searchCsvRows(result.hits)))}
          >
            Export CSV
          </button>
        )}
      </form>
      {error && (
        <p role="alert" className="ll-error">
          {error}
        </p>
      )}
      {result && (
        <>
          <p className="ll-muted" data-testid="search-count">
            {result.total === 1 ? '1 customer' : `${result.total} customers`}
            {result.total > result.hits.length ? ` (first ${result.hits.length} shown)` : ''}
          </p>
          <table className="ll-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.field}>
                    <button type="button" className="ll-link-button" data-testid={`sort-${c.field}`} onClick={() => resort(c.field)}>
                      {c.label}
                      {sort.field === c.field ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.hits.map((hit) => (
                <tr key={hit.key} data-testid="search-result">
                  <td>
                    <button type="button" className="ll-link-button" data-testid="search-open" onClick={() => onOpen(hit)}>
                      {hit.displayName}
                    </button>
                  </td>
                  <td>{money(hit.balance, hit.currency, locale)}</td>
                  <td>{money(hit.overdue, hit.currency, locale)}</td>
                  <td>{hit.daysOverdue}</td>
                  <td>{day(hit.lastInvoiceDate, locale)}</td>
                  <td>{money(hit.lifetimeSales, hit.currency, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
