import { PROVIDER_LABEL, type Connection } from '@/lib/model';

const STATUS_TEXT: Record<Connection['status'], string> = {
  connected: 'Connected',
  syncing: 'Syncing…',
  reconnect_required: 'Needs reconnecting',
  error: 'Sync failed',
};

export function ConnectionRow({
  connection,
  onDisconnect,
  onReconnect,
  busy,
}: {
  connection: Connection;
  onDisconnect: (connection: Connection) => void;
  onReconnect?: (connection: Connection) => void;
  busy: boolean;
}) {
  const { provider, progress } = connection;
  return (
    <li data-testid={`connection-${provider}`} className="ll-connection">
      <div className="ll-connection__title">
        <strong>{connection.companyName}</strong> <span className="ll-muted">{PROVIDER_LABEL[provider]}</span>
      </div>
      <div className="ll-connection__status">
        <span data-status={connection.status}>{STATUS_TEXT[connection.status]}</span>
        {' · '}
        <span className="ll-muted">
          {connection.lastSyncAt ? `Last sync ${formatTime(connection.lastSyncAt)}` : 'Not synced yet'}
        </span>
      </div>
      {connection.statusMessage && connection.status !== 'connected' && (
        <p className="ll-error">{connection.statusMessage}</p>
      )}
      {connection.status === 'syncing' && (
        <progress
          data-testid="sync-progress"
          aria-label={`Syncing ${progress?.entity ?? 'records'}`}
          {...(progress?.total ? { max: progress.total, value: progress.done } : {})}
        />
      )}
      {connection.status === 'syncing' && progress && (
        <span className="ll-muted">
          {progress.total ? `${progress.entity}: ${progress.done} of ${progress.total}` : `${progress.entity}: ${progress.done}`}
        </span>
      )}
      {connection.status === 'reconnect_required' && onReconnect && (
        <button data-testid={`reconnect-${provider}`} type="button" disabled={busy} onClick={() => onReconnect(connection)}>
          Reconnect
        </button>
      )}{' '}
      <button
        data-testid={`disconnect-${provider}`}
        type="button"
        className="ll-link-button"
        disabled={busy}
        onClick={() => onDisconnect(connection)}
      >
        Disconnect
      </button>
    </li>
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
