import { useEffect, useState } from 'react';
import type { Customer } from '@/lib/model';
import type { BackgroundApi, Pickables } from '@/lib/messaging';
import { SubmissionStatus, useSubmission } from './use-submission';

type Result = Awaited<ReturnType<BackgroundApi['logTime']>> & { ok: true };

/** QuickBooks time activity for the customer: who, when, how long (or start/end), billable, service item. */
export function LogTimeForm({ api, customer }: { api: Pick<BackgroundApi, 'listPickables' | 'logTime'>; customer: Customer }) {
  const [pickables, setPickables] = useState<Pickables | null>(null);
  const [form, setForm] = useState({
    party: '',
    date: new Date().toISOString().slice(0, 10),
    mode: 'duration' as 'duration' | 'range',
    hours: '1',
    minutes: '0',
    start: '09:00',
    end: '10:00',
    billable: true,
    itemId: '',
    description: '',
  });
  const submission = useSubmission<Omit<Result, 'ok'>>();
  useEffect(() => {
    void api.listPickables({ connectionId: customer.connectionId }).then((p) => {
      setPickables(p);
      const first = p.employees[0] ? `employee:${p.employees[0].id}` : p.vendors[0] ? `vendor:${p.vendors[0].id}` : '';
      setForm((f) => ({ ...f, party: f.party || first }));
    });
  }, [api, customer.connectionId]);

  const set = (patch: Partial<typeof form>) => {
    submission.changed();
    setForm({ ...form, ...patch });
  };
  const submit = () => {
    const [type, id] = form.party.split(':') as ['employee' | 'vendor', string];
    const offset = localOffset();
    void submission.submit((idempotencyKey) =>
      api.logTime({
        idempotencyKey,
        request: {
          connectionId: customer.connectionId,
          customerId: customer.id,
          party: { type, id },
          date: form.date,
          hours: form.mode === 'duration' ? Number(form.hours) || 0 : null,
          minutes: form.mode === 'duration' ? Number(form.minutes) || 0 : null,
          startTime: form.mode === 'range' ? `${form.date}T${form.start}:00${offset}` : null,
          endTime: form.mode === 'range' ? `${form.date}T${form.end}:00${offset}` : null,
          billable: form.billable,
          itemId: form.itemId || null,
          hourlyRate: null,
          description: form.description || null,
        },
      }),
    );
  };

  if (customer.provider !== 'qbo') return <p className="ll-muted">Xero has no time tracking in Accounting.</p>;
  return (
    <form
      data-testid="log-time-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label className="ll-field">
        Who
        <select data-testid="time-party" value={form.party} onChange={(e) => set({ party: e.target.value })}>
          {pickables?.employees.map((p) => (
            <option key={p.id} value={`employee:${p.id}`}>
              {p.displayName} (employee)
            </option>
          ))}
          {pickables?.vendors.map((p) => (
            <option key={p.id} value={`vendor:${p.id}`}>
              {p.displayName} (vendor)
            </option>
          ))}
        </select>
      </label>
      <label className="ll-field">
        Date
        <input data-testid="time-date" type="date" value={form.date} onChange={(e) => set({ date: e.target.value })} />
      </label>
      <label className="ll-check">
        <input type="radio" checked={form.mode === 'duration'} onChange={() => set({ mode: 'duration' })} /> Hours and minutes
      </label>
      <label className="ll-check">
        <input type="radio" checked={form.mode === 'range'} onChange={() => set({ mode: 'range' })} /> Start and end
      </label>
      {form.mode === 'duration' ? (
        <div className="ll-grid">
          <label className="ll-field">
            Hours
            <input data-testid="time-hours" type="number" min={0} max={24} value={form.hours} onChange={(e) => set({ hours: e.target.value })} />
          </label>
          <label className="ll-field">
            Minutes
            <input data-testid="time-minutes" type="number" min={0} max={59} value={form.minutes} onChange={(e) => set({ minutes: e.target.value })} />
          </label>
        </div>
      ) : (
        <div className="ll-grid">
          <label className="ll-field">
            Start
            <input type="time" value={form.start} onChange={(e) => set({ start: e.target.value })} />
          </label>
          <label className="ll-field">
            End
            <input type="time" value={form.end} onChange={(e) => set({ end: e.target.value })} />
          </label>
        </div>
      )}
      <label className="ll-check">
        <input type="checkbox" checked={form.billable} onChange={(e) => set({ billable: e.target.checked })} /> Billable
      </label>
      <label className="ll-field">
        Service
        <select data-testid="time-item" value={form.itemId} onChange={(e) => set({ itemId: e.target.value })}>
          <option value="">None</option>
          {pickables?.items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </label>
      <label className="ll-field">
        Description
        <input value={form.description} onChange={(e) => set({ description: e.target.value })} />
      </label>
      <button data-testid="time-submit" type="submit" disabled={submission.state.phase === 'busy' || !form.party}>
        Log time
      </button>
      <SubmissionStatus
        state={submission.state}
        done={(r) => `Logged ${r.timeActivity.hours} h ${r.timeActivity.minutes} min.`}
      />
    </form>
  );
}

/** "+02:00" for the browser's zone on that day: the provider stores the time as the user meant it. */
function localOffset(date = new Date()): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
