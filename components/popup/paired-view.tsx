import { useState } from 'react';
import { PROVIDER_LABEL, type Connection, type Provider } from '@/lib/model';
import type { ActionResult, BackgroundApi, Status } from '@/lib/messaging';
import { ConnectionRow } from './connection-row';
import { CONNECTABLE_PROVIDERS } from './providers';

export function PairedView({
  status,
  api,
  onChanged,
  confirm = (message) => window.confirm(message),
  openOptions,
  openSidePanel,
}: {
  status: Status;
  api: Pick<BackgroundApi, 'connect' | 'disconnect' | 'syncNow' | 'unpair' | 'resetLocalData' | 'issuePairingCode'>;
  /** Opens the options page / the side panel (extension APIs, injected so tests need no browser). */
  openOptions?: () => void;
  openSidePanel?: () => void;
  onChanged: () => void;
  confirm?: (message: string) => boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState<{ code: string; expiresAt: string } | null>(null);
  const syncing = status.connections.some((c) => c.status === 'syncing');

  async function run(action: () => Promise<ActionResult>) {
    setBusy(true);
    setError(null);
    try {
      const result = await action();
      if (!result.ok) setError(result.error.message);
    } catch {
      setError('LedgerLens did not answer. Close and reopen this window, then try again.');
    } finally {
      setBusy(false);
      onChanged();
    }
  }

  const connect = (provider: Provider) => run(() => api.connect({ provider }));
  const issueInvite = () =>
    run(async () => {
      const result = await api.issuePairingCode();
      if (result.ok) setInvite({ code: result.code, expiresAt: result.expiresAt });
      return result;
    });
  const unreachable = status.lastError?.code === 'unreachable';
  const disconnect = (connection: Connection) => {
    const label = PROVIDER_LABEL[connection.provider];
    if (!confirm(`Disconnect ${connection.companyName} (${label})? Its data is removed from every paired browser.`)) return;
    void run(() => api.disconnect({ connectionId: connection.id }));
  };

  return (
    <div className="ll-paired">
      {status.seat && (
        <p className="ll-seat">
          This browser: <strong>{status.seat.name}</strong> <span className="ll-muted">({status.seat.role})</span>
        </p>
      )}

      {status.connections.length === 0 ? (
        <p className="ll-muted">No accounting system connected yet.</p>
      ) : (
        <ul className="ll-connections">
          {status.connections.map((connection) => (
            <ConnectionRow
              key={connection.id}
              connection={connection}
              onDisconnect={disconnect}
              onReconnect={(c) => void connect(c.provider)}
              busy={busy}
            />
          ))}
        </ul>
      )}

      {status.pendingAuthorize && (
        <p className="ll-muted" role="status">
          Finish connecting {PROVIDER_LABEL[status.pendingAuthorize]} in the tab that opened.
        </p>
      )}

      <div className="ll-actions">
        {CONNECTABLE_PROVIDERS.map((provider) => (
          <button
            key={provider}
            data-testid={`connect-${provider}`}
            type="button"
            disabled={busy}
            onClick={() => void connect(provider)}
          >
            Connect {PROVIDER_LABEL[provider]}
          </button>
        ))}
        <button
          data-testid="sync-now"
          type="button"
          disabled={busy || syncing || status.connections.length === 0}
          onClick={() => void run(() => api.syncNow())}
        >
          {syncing ? 'Syncing…' : 'Sync now'}
        </button>
      </div>

      {status.feed?.pulling && (
        <p className="ll-muted" data-testid="feed-progress" role="status">
          Downloading to this browser… {status.feed.itemsApplied} records
        </p>
      )}

      {unreachable && !error && (
        <p role="alert" className="ll-error" data-testid="proxy-unreachable">
          The LedgerLens server at {status.proxyUrl} is unreachable. Balances shown are from this browser&apos;s last
          sync; LedgerLens keeps retrying.
        </p>
      )}
      {(error ?? (unreachable ? null : status.lastError)) && (
        <p role="alert" className="ll-error">
          {error ?? status.lastError?.message}
        </p>
      )}

      {status.seat?.role === 'owner' && (
        <div className="ll-invite">
          <button data-testid="invite-teammate" type="button" className="ll-secondary" disabled={busy} onClick={() => void issueInvite()}>
            Invite a teammate
          </button>
          {invite && (
            <p data-testid="invite-code">
              Pairing code: <code>{invite.code}</code>{' '}
              <span className="ll-muted">(once, until {new Date(invite.expiresAt).toLocaleTimeString()})</span>
            </p>
          )}
        </div>
      )}

      <div className="ll-actions">
        {openSidePanel && (
          <button data-testid="open-side-panel" type="button" className="ll-secondary" onClick={openSidePanel}>
            Side panel
          </button>
        )}
        {openOptions && (
          <button data-testid="open-options" type="button" className="ll-secondary" onClick={openOptions}>
            Options
          </button>
        )}
        <button
          data-testid="reset-local"
          type="button"
          className="ll-secondary"
          disabled={busy || status.connections.length === 0}
          onClick={() => {
            if (confirm('Reset this browser’s copy? It is downloaded again from the server.')) void run(() => api.resetLocalData());
          }}
        >
          Reset
        </button>
      </div>

      <button
        type="button"
        className="ll-link-button ll-unpair"
        disabled={busy}
        onClick={() => {
          if (confirm('Unpair this browser? Its local copy of the accounting data is deleted.')) void run(() => api.unpair());
        }}
      >
        Unpair this browser
      </button>
    </div>
  );
}
