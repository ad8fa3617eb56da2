import { useCallback, useEffect, useState } from 'react';
import { backgroundApi, type BackgroundApi, type Status } from '@/lib/messaging';
import { PairForm } from './pair-form';
import { PairedView } from './paired-view';

/** The toolbar popup: pair, connect, status. Refreshes the status every second while open. */
export function PopupApp({
  api = backgroundApi,
  intervalMs = 1_000,
  confirm,
  requestHostPermission,
  openOptions,
  openSidePanel,
}: {
  api?: BackgroundApi;
  intervalMs?: number;
  confirm?: (message: string) => boolean;
  requestHostPermission?: (origin: string) => Promise<boolean>;
  openOptions?: () => void;
  openSidePanel?: () => void;
}) {
  const [status, setStatus] = useState<Status | null>(null);
  const [failed, setFailed] = useState(false);

  const refresh = useCallback(() => {
    api.getStatus().then(
      (next) => {
        setStatus(next);
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, [api]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);

  return (
    <main className="ll-popup">
      <h1>LedgerLens</h1>
      {failed && !status && <p className="ll-error">LedgerLens is starting… If this stays, reload the extension.</p>}
      {!status && !failed && <p className="ll-muted">Loading…</p>}
      {status && !status.paired && (
        <PairForm
          api={api}
          onPaired={refresh}
          {...(requestHostPermission ? { requestHostPermission } : {})}
        />
      )}
      {status?.paired && (
        <PairedView
          status={status}
          api={api}
          onChanged={refresh}
          {...(confirm ? { confirm } : {})}
          {...(openOptions ? { openOptions } : {})}
          {...(openSidePanel ? { openSidePanel } : {})}
        />
      )}
    </main>
  );
}
