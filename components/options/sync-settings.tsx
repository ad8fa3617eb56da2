import { useEffect, useState } from 'react';
import { PROVIDER_LABEL, type Connection } from '@/lib/model';
import type { BackgroundApi } from '@/lib/messaging';
import type { ConnectionSettings } from '@/lib/proxy-api';

/** Per-company sync settings, saved on the proxy (PUT /v1/connections/:id/settings) for every seat. */
export function SyncSettings({
  connection,
  api,
}: {
  connection: Connection;
  api: Pick<BackgroundApi, 'getConnectionSettings' | 'saveConnectionSettings'>;
}) {
  const [settings, setSettings] = useState<ConnectionSettings | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void api.getConnectionSettings({ connectionId: connection.id }).then((r) => {
      if (!live) return;
      if (r.ok) setSettings(r.settings);
      else setMessage(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [api, connection.id]);

  async function save() {
    if (!settings) return;
    setBusy(true);
    setMessage(null);
    const result = await api.saveConnectionSettings({ connectionId: connection.id, settings });
    setBusy(false);
    if (result.ok) {
      setSettings(result.settings);
      setMessage('Saved.');
    } else setMessage(result.error.message);
  }

  const vendorsLabel = connection.provider === 'xero' ? 'Import suppliers' : 'Import vendors';
  return (
    <fieldset data-testid={`sync-settings-${connection.id}`} className="ll-card">
      <legend>
        {connection.companyName} <span className="ll-muted">{PROVIDER_LABEL[connection.provider]}</span>
      </legend>
      {settings ? (
        <>
          <label className="ll-field">
            Sync every
            <select
              data-testid="settings-frequency"
              value={settings.frequencyMinutes}
              onChange={(e) => setSettings({ ...settings, frequencyMinutes: Number(e.target.value) })}
            >
              {[5, 15, 30, 60, 240, 1440].map((m) => (
                <option key={m} value={m}>
                  {m < 60 ? `${m} minutes` : m === 1440 ? 'day' : `${m / 60} hours`}
                </option>
              ))}
            </select>
          </label>
          <label className="ll-check">
            <input
              data-testid="settings-import-vendors"
              type="checkbox"
              checked={settings.importVendors}
              onChange={(e) => setSettings({ ...settings, importVendors: e.target.checked })}
            />
            {vendorsLabel}
          </label>
          <label className="ll-check">
            <input
              data-testid="settings-require-email"
              type="checkbox"
              checked={settings.requireEmail}
              onChange={(e) => setSettings({ ...settings, requireEmail: e.target.checked })}
            />
            Only sync customers that have an email address
          </label>
          <p className="ll-muted">
            Turn this on if your team matches CRM contacts by email only. Customers without an email are then left out
            and listed in the sync log; turning it off brings them back at the next sync.
          </p>
          <label className="ll-field">
            Transactions from (empty = all history)
            <input
              data-testid="settings-historical-from"
              type="date"
              value={settings.historicalFrom ?? ''}
              onChange={(e) => setSettings({ ...settings, historicalFrom: e.target.value || null })}
            />
          </label>
          <button data-testid="settings-save" type="button" disabled={busy} onClick={() => void save()}>
            Save
          </button>
        </>
      ) : (
        !message && <p className="ll-muted">Loading…</p>
      )}
      {message && (
        <p role="status" className="ll-muted">
          {message}
        </p>
      )}
    </fieldset>
  );
}
