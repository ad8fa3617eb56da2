import { useEffect, useState } from 'react';
import { formatMoney, type Customer, type Item } from '@/lib/model';
import type { BackgroundApi } from '@/lib/messaging';
import { SubmissionStatus, useSubmission } from './use-submission';

interface DraftLine {
  itemId: string;
  description: string;
  quantity: string;
  unitPrice: string;
  taxCode: string;
}
const AMOUNT = /^-?\d+(\.\d+)?$/;

/** Create an invoice or estimate (Xero: quote) with items from the cache, quantities, prices and tax codes. */
export function SalesDocumentForm({
  api,
  customer,
  kind,
}: {
  api: Pick<BackgroundApi, 'listPickables' | 'createSalesDocument'>;
  customer: Customer;
  kind: 'invoice' | 'estimate';
}) {
  const [items, setItems] = useState<Item[]>([]);
  const [lines, setLines] = useState<DraftLine[]>([{ itemId: '', description: '', quantity: '1', unitPrice: '0', taxCode: '' }]);
  const [dueDate, setDueDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submission = useSubmission<{ document: { number: string | null; id: string } }>();
  useEffect(() => {
    void api.listPickables({ connectionId: customer.connectionId }).then((p) => setItems(p.items));
  }, [api, customer.connectionId]);

  const setLine = (index: number, patch: Partial<DraftLine>) => {
    submission.changed();
    setLines(lines.map((l, i) => (i === index ? { ...l, ...patch } : l)));
  };
  const pickItem = (index: number, itemId: string) => {
    const item = items.find((i) => i.id === itemId);
    setLine(index, {
      itemId,
      ...(item ? { description: item.description ?? item.name, unitPrice: item.unitPrice ?? '0', taxCode: item.taxCode ?? '' } : {}),
    });
  };
  const submit = () => {
    if (lines.some((l) => !AMOUNT.test(l.quantity) || !AMOUNT.test(l.unitPrice))) {
      setError('Quantities and prices are numbers, e.g. 2 or 99.50.');
      return;
    }
    setError(null);
    void submission.submit((idempotencyKey) =>
      api.createSalesDocument({
        idempotencyKey,
        request: {
          connectionId: customer.connectionId,
          kind,
          customerId: customer.id,
          issueDate: null,
          dueDate: kind === 'invoice' && dueDate ? dueDate : null,
          lines: lines.map((l) => ({
            itemId: l.itemId || null,
            description: l.description || null,
            quantity: l.quantity,
            unitPrice: l.unitPrice,
            taxCode: l.taxCode || null,
          })),
          send: false,
        },
      }),
    );
  };
  const label = kind === 'invoice' ? 'invoice' : customer.provider === 'xero' ? 'quote' : 'estimate';

  return (
    <form
      data-testid={`${kind}-form`}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {lines.map((line, i) => (
        <fieldset key={i} className="ll-card" data-testid="document-line">
          <label className="ll-field">
            Item
            <select data-testid="line-item" value={line.itemId} onChange={(e) => pickItem(i, e.target.value)}>
              <option value="">—</option>
              {items.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name}
                  {item.unitPrice ? ` (${formatMoney(item.unitPrice, customer.currency)})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label className="ll-field">
            Description
            <input value={line.description} onChange={(e) => setLine(i, { description: e.target.value })} />
          </label>
          <div className="ll-grid">
            <label className="ll-field">
              Quantity
              <input data-testid="line-quantity" value={line.quantity} onChange={(e) => setLine(i, { quantity: e.target.value })} />
            </label>
            <label className="ll-field">
              Price
              <input data-testid="line-price" value={line.unitPrice} onChange={(e) => setLine(i, { unitPrice: e.target.value })} />
            </label>
            <label className="ll-field">
              Tax code
              <input data-testid="line-tax" value={line.taxCode} onChange={(e) => setLine(i, { taxCode: e.target.value })} />
            </label>
          </div>
          {lines.length > 1 && (
            <button type="button" className="ll-link-button" onClick={() => setLines(lines.filter((_, j) => j !== i))}>
              Remove line
            </button>
          )}
        </fieldset>
      ))}
      <button
        type="button"
        className="ll-secondary"
        data-testid="line-add"
        onClick={() => setLines([...lines, { itemId: '', description: '', quantity: '1', unitPrice: '0', taxCode: '' }])}
      >
        Add line
      </button>
      {kind === 'invoice' && (
        <label className="ll-field">
          Due date (empty = the customer’s terms)
          <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
        </label>
      )}
      <button data-testid={`${kind}-submit`} type="submit" disabled={submission.state.phase === 'busy'}>
        Create {label}
      </button>
      {error && (
        <p role="alert" className="ll-error">
          {error}
        </p>
      )}
      <SubmissionStatus state={submission.state} done={(r) => `Created ${label} ${r.document.number ?? r.document.id}.`} />
    </form>
  );
}
