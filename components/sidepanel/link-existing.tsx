import { useState } from 'react';
import type { BackgroundApi } from '@/lib/messaging';
import type { CustomerHit } from '@/lib/search/customer-search';
import { PROVIDER_LABEL } from '@/lib/model';

/** Link the CRM record to a customer found in the local cache by name, email or provider id. */
export function LinkExisting({
  api,
  recordKey,
  onDone,
}: {
  api: Pick<BackgroundApi, 'searchCustomers' | 'linkCustomer'>;
  recordKey: string;
  onDone: (customerKey: string) => void;
}) {
  const [text, setText] = useState('');
  const [hits, setHits] = useState<CustomerHit[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function search() {
    if (!text.trim()) return;
    setHits((await api.searchCustomers({ query: { text: text.trim(), limit: 20 } })).hits);
  }
  async function link(hit: CustomerHit) {
    setBusy(true);
    setError(null);
    const result = await api.linkCustomer({ recordKey, customerKey: hit.key });
    setBusy(false);
    if (result.ok) onDone(hit.key);
    else setError(result.error.message);
  }

  return (
    <div data-testid="link-existing-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <label className="ll-field">
          Find by name, email or id
          <input data-testid="link-search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <button type="submit" data-testid="link-search-submit">
          Search
        </button>
      </form>
      {hits?.length === 0 && <p className="ll-muted">No customer found.</p>}
      <ul className="ll-list">
        {hits?.map((hit) => (
          <li key={hit.key}>
            {hit.displayName} <span className="ll-muted">{PROVIDER_LABEL[hit.provider]}</span>{' '}
            <button type="button" data-testid="link-choose" className="ll-secondary" disabled={busy} onClick={() => void link(hit)}>
              Link
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className="ll-error">
          {error}
        </p>
      )}
    </div>
  );
}
