import { Hono, type Context } from 'hono';
import { applyPayment } from '../store/apply-payment';
import { amountToCents } from '../support/money';
import { parseClientDate, startOfUtcDay } from '../support/ms-date';
import { type ApiEnv } from './api-env';
import { type ApiRouteDeps, postDataInvalid } from './contacts-routes';
import { envelope } from './envelope';
import { withIdempotency } from './idempotency';
import { applyPaging, parsePaging } from './paging';
import { notFoundResponse } from './problem';
import { collectionFromBody, ifModifiedSince, readJsonBody, stringField } from './query-helpers';
import { wirePayment } from './serialize-transactions';
import { messages, validationExceptionBody } from './validation-error';

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** GET /Payments (paged) and PUT /Payments: apply payments to invoices (examples/getPayments.200.json). */
export function createPaymentsRoutes(deps: ApiRouteDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.get('/Payments', (c) => {
    const store = c.get('tenant');
    const since = ifModifiedSince(c);
    const { payments } = store;
    const positions = [];
    for (let position = 0; position < payments.size; position += 1) {
      if (since === undefined || payments.updatedAtOf(position) >= since) positions.push(position);
    }
    const { items, pagination } = applyPaging(positions, parsePaging(c.req.query()));
    return c.json(envelope(c, deps.providerName, deps.clock.now(), 'Payments', items.map((p) => wirePayment(store, payments.at(p))), pagination));
  });

  routes.get('/Payments/:id', (c) => {
    const store = c.get('tenant');
    const payment = store.payments.byId(c.req.param('id'));
    if (!payment) return notFoundResponse(c);
    return c.json(envelope(c, deps.providerName, deps.clock.now(), 'Payments', [wirePayment(store, payment)]));
  });

  const create = async (c: Context<ApiEnv>) => {
    const store = c.get('tenant');
    const inputs = collectionFromBody(await readJsonBody(c), 'Payments');
    if (!inputs || inputs.length === 0) return postDataInvalid(c, 'The request body could not be read as payments.');
    return withIdempotency(c, deps.idempotency, store.organisation.tenantId, () => {
      const now = deps.clock.now();
      const results: Record<string, unknown>[] = [];
      const failures: Record<string, unknown>[] = [];
      for (const input of inputs) {
        const invoiceRef = record(input['Invoice']);
        const invoiceId = invoiceRef ? stringField(invoiceRef, 'InvoiceID') : undefined;
        const invoiceNumber = invoiceRef ? stringField(invoiceRef, 'InvoiceNumber') : undefined;
        const invoice = invoiceId
          ? store.invoices.byId(invoiceId)
          : invoiceNumber
            ? store.invoices.byNumber(invoiceNumber)
            : undefined;
        const account = record(input['Account']);
        const accountMatches =
          account !== undefined &&
          (stringField(account, 'AccountID')?.toLowerCase() === store.bankAccount.accountId || stringField(account, 'Code') === store.bankAccount.code);
        const amountCents = amountToCents(input['Amount']);
        const dateInput = stringField(input, 'Date');
        const date = dateInput ? parseClientDate(dateInput) : startOfUtcDay(now);
        const errors: string[] = [];
        if (!invoice) errors.push('Invoice could not be found');
        if (!accountMatches) errors.push('Account could not be found');
        if (amountCents === undefined) errors.push('Payment amount must be specified');
        if (date === undefined) errors.push('Dates must be in the format YYYY-MM-DD');
        if (errors.length === 0 && invoice && amountCents !== undefined && date !== undefined) {
          const outcome = applyPayment(store, invoice, { amountCents, date: startOfUtcDay(date), reference: stringField(input, 'Reference') ?? '', now });
          if (outcome.ok) {
            deps.emit({ tenantId: store.organisation.tenantId, category: 'INVOICE', type: 'UPDATE', resourceId: invoice.invoiceId, at: now });
            results.push(wirePayment(store, outcome.payment));
            continue;
          }
          errors.push(outcome.message);
        }
        failures.push({ ...input, HasValidationErrors: true, ValidationErrors: messages(errors) });
      }
      if (failures.length > 0) return { status: 400, body: validationExceptionBody(failures) };
      return { status: 200, body: envelope(c, deps.providerName, now, 'Payments', results) };
    });
  };
  routes.put('/Payments', create);
  routes.post('/Payments', create);
  return routes;
}
