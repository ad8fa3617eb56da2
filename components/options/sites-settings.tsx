import { useState } from 'react';
import { crmAdapters } from '@/lib/crm/registry';
import { matchPatternToRegExp } from '@/lib/crm/adapters/custom-site';
import type { Sites } from '@/lib/settings';

/**
 * Built-in CRMs on/off and custom sites. A custom site's host permission is requested from the click that adds it
 * (permissions.request needs a user gesture); the background registers its content script once granted.
 */
export function SitesSettings({
  sites,
  onChange,
  requestOrigins,
  newId = () => crypto.randomUUID().slice(0, 8),
}: {
  sites: Sites;
  onChange: (sites: Sites) => Promise<void>;
  requestOrigins: (origins: string[]) => Promise<boolean>;
  newId?: () => string;
}) {
  const [draft, setDraft] = useState({ label: '', urlPattern: '', emailSelector: '', nameSelector: '', companySelector: '' });
  const [error, setError] = useState<string | null>(null);

  async function add() {
    setError(null);
    const urlPattern = draft.urlPattern.trim();
    try {
      matchPatternToRegExp(urlPattern);
    } catch {
      setError('That is not a URL pattern. Example: https://crm.example.com/clients/*');
      return;
    }
    // Asked first, inside the click; a refusal still saves the site, which stays inactive until granted.
    const granted = await requestOrigins([urlPattern]).catch(() => false);
    const optional = (k: 'emailSelector' | 'nameSelector' | 'companySelector') =>
      draft[k].trim() ? { [k]: draft[k].trim() } : {};
    await onChange({
      ...sites,
      custom: [
        ...sites.custom,
        {
          id: newId(),
          label: draft.label.trim() || new URL(urlPattern.replace('*.', '')).host,
          urlPattern,
          ...optional('emailSelector'),
          ...optional('nameSelector'),
          ...optional('companySelector'),
        },
      ],
    });
    setDraft({ label: '', urlPattern: '', emailSelector: '', nameSelector: '', companySelector: '' });
    if (!granted) setError('Saved, but LedgerLens may not read that site until you allow access.');
  }

  const field = (key: keyof typeof draft, label: string, placeholder = '') => (
    <label className="ll-field">
      {label}
      <input
        data-testid={`site-${key}`}
        value={draft[key]}
        placeholder={placeholder}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <div data-testid="sites-settings">
      <ul className="ll-list">
        {crmAdapters.map((adapter) => (
          <li key={adapter.id}>
            <label className="ll-check">
              <input
                data-testid={`site-builtin-${adapter.id}`}
                type="checkbox"
                checked={sites.builtins[adapter.id] !== false}
                onChange={(e) => void onChange({ ...sites, builtins: { ...sites.builtins, [adapter.id]: e.target.checked } })}
              />
              {adapter.label}
            </label>
          </li>
        ))}
      </ul>
      <h3>Custom sites</h3>
      <ul className="ll-list">
        {sites.custom.map((site) => (
          <li key={site.id} data-testid="custom-site">
            <strong>{site.label}</strong> <code>{site.urlPattern}</code>{' '}
            <button
              type="button"
              className="ll-link-button"
              onClick={() => void onChange({ ...sites, custom: sites.custom.filter((s) => s.id !== site.id) })}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
      <div className="ll-grid">
        {field('label', 'Name')}
        {field('urlPattern', 'URL pattern', 'https://crm.example.com/clients/*')}
        {field('emailSelector', 'Email selector (optional)')}
        {field('nameSelector', 'Name selector (optional)')}
        {field('companySelector', 'Company selector (optional)')}
      </div>
      <button data-testid="site-add" type="button" onClick={() => void add()}>
        Add site
      </button>
      {error && (
        <p role="alert" className="ll-error">
          {error}
        </p>
      )}
    </div>
  );
}
