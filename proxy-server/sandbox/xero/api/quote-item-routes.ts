import { Hono, type Context } from 'hono';
import { type ApiEnv } from './api-env';
import { type ApiRouteDeps, postDataInvalid } from './contacts-routes';
import { envelope } from './envelope';
import { withIdempotency } from './idempotency';
import { notFoundResponse } from './problem';
import { collectionFromBody, readJsonBody } from './query-helpers';
import { prepareItem, prepareQuote } from './quote-item-write';
import { wireItem, wireQuote } from './serialize-transactions';
import { validationExceptionBody } from './validation-error';

/**
 * PUT /Quotes (create), PUT/POST /Items (create or update by Code), POST /Invoices/{id}/Email (Xero emails the
 * invoice and marks it SentToContact; 204 with no body; only SUBMITTED/AUTHORISED/PAID invoices of a contact
 * with an email address can be emailed).
 */
export function createQuoteItemRoutes(deps: ApiRouteDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.put('/Quotes', async (c) => {
    const store = c.get('tenant');
    const inputs = collectionFromBody(await readJsonBody(c), 'Quotes');
    if (!inputs || inputs.length === 0) return postDataInvalid(c, 'The request body could not be read as quotes.');
    return withIdempotency(c, deps.idempotency, store.organisation.tenantId, () => {
      const now = deps.clock.now();
      const outcomes = inputs.map((input) => prepareQuote(store, input, now));
      const failed = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.element]));
      if (failed.length > 0) return { status: 400, body: validationExceptionBody(failed) };
      const wire = outcomes.flatMap((outcome) => {
        if (!outcome.ok) return [];
        store.quotes.push(outcome.record);
        return [wireQuote(store, outcome.record)];
      });
      return { status: 200, body: envelope(c, deps.providerName, now, 'Quotes', wire) };
    });
  });

  const writeItems = async (c: Context<ApiEnv>) => {
    const store = c.get('tenant');
    const inputs = collectionFromBody(await readJsonBody(c), 'Items');
    if (!inputs || inputs.length === 0) return postDataInvalid(c, 'The request body could not be read as items.');
    return withIdempotency(c, deps.idempotency, store.organisation.tenantId, () => {
      const now = deps.clock.now();
      // PUT only creates: an existing Code is a validation error, as in Xero.
      const duplicates = c.req.method === 'PUT' ? inputs.filter((input) => store.items.some((item) => item.code === input['Code'])) : [];
      if (duplicates.length > 0) {
        return { status: 400, body: validationExceptionBody(duplicates.map((input) => ({ ...input, ValidationErrors: [{ Message: `Item code '${String(input['Code'])}' already exists` }] }))) };
      }
      const outcomes = inputs.map((input) => prepareItem(store, input, now));
      const failed = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.element]));
      if (failed.length > 0) return { status: 400, body: validationExceptionBody(failed) };
      const wire = outcomes.flatMap((outcome) => {
        if (!outcome.ok) return [];
        if (outcome.created) store.items.push(outcome.record);
        return [wireItem(store, outcome.record)];
      });
      return { status: 200, body: envelope(c, deps.providerName, now, 'Items', wire) };
    });
  };
  routes.put('/Items', writeItems);
  routes.post('/Items', writeItems);

  routes.post('/Invoices/:id/Email', (c) => {
    const store = c.get('tenant');
    const invoice = store.invoices.byId(c.req.param('id'));
    if (!invoice) return notFoundResponse(c);
    const contact = store.contactsById.get(invoice.contactId);
    const errors: string[] = [];
    if (invoice.type !== 'ACCREC') errors.push('Only sales invoices (ACCREC) can be emailed');
    if (!['SUBMITTED', 'AUTHORISED', 'PAID'].includes(invoice.status)) errors.push('Invoice must be approved before it can be emailed');
    if (!contact?.email) errors.push('The contact does not have an email address');
    if (errors.length > 0) return c.json(validationExceptionBody([{ InvoiceID: invoice.invoiceId, ValidationErrors: errors.map((Message) => ({ Message })) }]), 400);
    const now = deps.clock.now();
    store.invoices.edit(invoice, (stored) => {
      stored.sentToContact = true;
      stored.updatedAt = now;
    });
    deps.emit({ tenantId: store.organisation.tenantId, category: 'INVOICE', type: 'UPDATE', resourceId: invoice.invoiceId, at: now });
    return c.body(null, 204);
  });

  return routes;
}
