import { useCallback, useEffect, useState } from 'react';
import type { Connection } from '@/lib/model';
import { SkipReasonSchema } from '@/lib/model';
import type { BackgroundApi, SyncLog as SyncLogData } from '@/lib/messaging';
import { downloadCsv, toCsv } from '@/lib/search/csv';
import { day } from '@/components/shared/format';

/** Sync runs and skipped records with their reasons, from the proxy (cached locally), filterable and exportable. */
export function SyncLog({
  connections,
  api,
  download = downloadCsv,
}: {
  connections: Connection[];
  api: Pick<BackgroundApi, 'getSyncLog'>;
  download?: (name: string, text: string) => void;
}) {
  const [connectionId, setConnectionId] = useState('');
  const [reason, setReason] = useState('');
  const [log, setLog] = useState<SyncLogData | null>(null);

  const fetchLog = useCallback(
    (refresh: boolean) => api.getSyncLog({ ...(connectionId ? { connectionId } : {}), ...(reason ? { reason } : {}), refresh }),
    [api, connectionId, reason],
  );
  const load = async (refresh: boolean) => setLog(await fetchLog(refresh));
  useEffect(() => {
    let live = true;
    void fetchLog(true).then((next) => live && setLog(next));
    return () => {
      live = false;
    };
  }, [fetchLog]);

  const companyName = (id: string) => connections.find((c) => c.id === id)?.companyName ?? id;
  const exportCsv = () => {
    if (!log) return;
    download(
      'ledgerlens-skipped-records.csv',
      toCsv(
        ['Company', 'Entity', 'Provider id', 'Reason', 'Message', 'Recorded'],
        log.skipped.map((r) => [companyName(r.connectionId), r.entity, r.providerId, r.reason, r.message, r.recordedAt]),
      ),
    );
  };

  return (
    <div data-testid="sync-log">
      <div className="ll-grid">
        <label className="ll-field">
          Company
          <select data-testid="sync-log-connection" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
            <option value="">All</option>
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.companyName}
              </option>
            ))}
          </select>
        </label>
        <label className="ll-field">
          Reason
          <select data-testid="sync-log-reason" value={reason} onChange={(e) => setReason(e.target.value)}>
            <option value="">All</option>
            {SkipReasonSchema.options.map((r) => (
              <option key={r} value={r}>
                {r.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="button" className="ll-secondary" onClick={() => void load(true)}>
        Refresh
      </button>{' '}
      <button data-testid="sync-log-export" type="button" className="ll-secondary" disabled={!log?.skipped.length} onClick={exportCsv}>
        Export CSV
      </button>
      {log?.error && (
        <p role="alert" className="ll-error">
          {log.error.message} Showing the copy saved in this browser.
        </p>
      )}
      <h3>Runs</h3>
      <table className="ll-table">
        <thead>
          <tr>
            <th>Company</th>
            <th>Started</th>
            <th>Trigger</th>
            <th>Status</th>
            <th>Changed</th>
            <th>Errors</th>
          </tr>
        </thead>
        <tbody>
          {log?.runs.map((run) => (
            <tr key={run.id} data-testid="sync-run">
              <td>{companyName(run.connectionId)}</td>
              <td>{day(run.startedAt)}</td>
              <td>{run.trigger}</td>
              <td>{run.status}</td>
              <td>{Object.values(run.counts).reduce((n, c) => n + c.changed, 0)}</td>
              <td>{run.errors.join(' ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Skipped records</h3>
      <table className="ll-table">
        <thead>
          <tr>
            <th>Company</th>
            <th>Entity</th>
            <th>Id</th>
            <th>Reason</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {log?.skipped.map((r) => (
            <tr key={r.id} data-testid="skipped-record">
              <td>{companyName(r.connectionId)}</td>
              <td>{r.entity}</td>
              <td>{r.providerId ?? '—'}</td>
              <td>{r.reason.replace(/_/g, ' ')}</td>
              <td>{r.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
