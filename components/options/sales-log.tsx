import { useEffect, useState } from 'react';
import type { BackgroundApi } from '@/lib/messaging';
import type { SalesLogRow } from '@/lib/db/rows';
import { day, money } from '@/components/shared/format';

const ENTITY: Record<SalesLogRow['entity'], string> = {
  invoice: 'Invoice',
  estimate: 'Estimate / quote',
  payment: 'Payment',
  credit_note: 'Credit note',
};

/** Transactions this browser received through the feed, newest first. */
export function SalesLog({ api, revision }: { api: Pick<BackgroundApi, 'getSalesLog'>; revision: number }) {
  const [entries, setEntries] = useState<SalesLogRow[] | null>(null);
  useEffect(() => {
    let live = true;
    void api.getSalesLog({ limit: 200 }).then((r) => live && setEntries(r.entries));
    return () => {
      live = false;
    };
  }, [api, revision]);
  if (!entries) return <p className="ll-muted">Loading…</p>;
  if (entries.length === 0) return <p className="ll-muted">No transactions received yet.</p>;
  return (
    <table className="ll-table" data-testid="sales-log">
      <thead>
        <tr>
          <th>Received</th>
          <th>Type</th>
          <th>Number</th>
          <th>Date</th>
          <th>Amount</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid="sales-log-row">
            <td>{day(e.receivedAt)}</td>
            <td>
              {ENTITY[e.entity]}
              {e.op === 'delete' ? ' (removed)' : ''}
            </td>
            <td>{e.number ?? '—'}</td>
            <td>{day(e.date)}</td>
            <td>{e.amount && e.currency ? money(e.amount, e.currency) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
