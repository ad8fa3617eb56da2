import { useState } from 'react';
import { PROVIDER_LABEL, recordKey, type Connection, type Customer, type RecordContext } from '@/lib/model';
import type { BackgroundApi } from '@/lib/messaging';
import { newCustomerFromRecord } from './prefill';
import { SubmissionStatus, useSubmission } from './use-submission';

/** Create in QuickBooks/Xero, prefilled from the CRM record; a 409 offers "Link instead". */
export function CreateCustomerForm({
  api,
  context,
  connections,
  onDone,
}: {
  api: Pick<BackgroundApi, 'createCustomer' | 'linkCustomer'>;
  context: RecordContext | null;
  connections: Connection[];
  onDone: (customerKey: string) => void;
}) {
  const [chosenConnectionId, setConnectionId] = useState(connections[0]?.id ?? '');
  // The connection list may arrive after the form (the side panel opened straight on it): default to the first.
  const connectionId = chosenConnectionId || connections[0]?.id || '';
  const connection = connections.find((c) => c.id === connectionId) ?? null;
  const [draft, setDraft] = useState(() => newCustomerFromRecord(context, connection));
  const [force, setForce] = useState(false);
  const submission = useSubmission<{ customer: Customer }>();
  const candidates = submission.state.phase === 'failed' ? (submission.state.error.candidates ?? []) : [];

  const edit = (patch: Partial<typeof draft>) => {
    submission.changed();
    setDraft({ ...draft, ...patch });
  };
  const submit = (forceCreate: boolean) => {
    if (forceCreate !== force) submission.changed();
    setForce(forceCreate);
    void submission.submit(async (idempotencyKey) => {
      const result = await api.createCustomer({
        connectionId,
        customer: draft,
        force: forceCreate,
        idempotencyKey,
        recordKey: context?.recordKey ?? null,
      });
      if (result.ok) onDone(recordKey(result.customer));
      return result;
    });
  };
  const linkInstead = async (candidate: Customer) => {
    if (!context) return;
    const result = await api.linkCustomer({ recordKey: context.recordKey, customerKey: recordKey(candidate) });
    if (result.ok) onDone(recordKey(candidate));
  };

  return (
    <form
      data-testid="create-customer-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit(false);
      }}
    >
      <label className="ll-field">
        Company
        <select data-testid="create-connection" value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.companyName} ({PROVIDER_LABEL[c.provider]})
            </option>
          ))}
        </select>
      </label>
      <label className="ll-field">
        Display name
        <input data-testid="create-display-name" value={draft.displayName} onChange={(e) => edit({ displayName: e.target.value })} />
      </label>
      <label className="ll-field">
        Company name
        <input value={draft.companyName ?? ''} onChange={(e) => edit({ companyName: e.target.value || null })} />
      </label>
      <label className="ll-field">
        Email
        <input
          data-testid="create-email"
          value={draft.emails.join(', ')}
          onChange={(e) => edit({ emails: e.target.value.split(',').map((s) => s.trim()).filter(Boolean) })}
        />
      </label>
      <label className="ll-field">
        Phone
        <input value={draft.phone ?? ''} onChange={(e) => edit({ phone: e.target.value || null })} />
      </label>
      <p className="ll-muted">
        {draft.personalAddress ? 'The person’s address becomes billing and shipping.' : draft.companyAddress ? 'The company’s address becomes the billing address.' : 'No address on the record.'}
      </p>
      <button data-testid="create-submit" type="submit" disabled={submission.state.phase === 'busy' || !connectionId || !draft.displayName.trim()}>
        Create in {connection ? PROVIDER_LABEL[connection.provider] : '…'}
      </button>
      <SubmissionStatus state={submission.state} done={(r) => `Created ${r.customer.displayName}.`} />
      {candidates.length > 0 && (
        <div data-testid="create-duplicates">
          <p>This customer may already exist:</p>
          <ul className="ll-list">
            {candidates.map((c) => (
              <li key={c.id}>
                {c.displayName} {c.emails[0] ? `<${c.emails[0]}>` : ''}{' '}
                {context && (
                  <button type="button" data-testid="create-link-instead" className="ll-secondary" onClick={() => void linkInstead(c)}>
                    Link instead
                  </button>
                )}
              </li>
            ))}
          </ul>
          <button type="button" className="ll-secondary" data-testid="create-force" onClick={() => submit(true)}>
            Create anyway
          </button>
        </div>
      )}
    </form>
  );
}
