import { Hono, type Context } from 'hono';
import { type InvoiceRecord } from '../store/model';
import { type ApiEnv } from './api-env';
import { type ApiRouteDeps, postDataInvalid } from './contacts-routes';
import { envelope } from './envelope';
import { withIdempotency } from './idempotency';
import { prepareInvoiceWrite } from './invoice-write';
import { applyPaging, parsePaging } from './paging';
import { notFoundResponse } from './problem';
import { collectionFromBody, ifModifiedSince, orderBy, queryFlag, queryList, readJsonBody, whereOrError } from './query-helpers';
import { INVOICE_FIELDS, wireInvoice } from './serialize-transactions';
import { validationExceptionBody } from './validation-error';

/**
 * GET/PUT/POST /Invoices and GET/POST /Invoices/{id} (api-facts.md section 2: ContactIDs, Statuses, IDs,
 * InvoiceNumbers, searchTerm, summaryOnly, page/pageSize, If-Modified-Since).
 */
export function createInvoicesRoutes(deps: ApiRouteDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.get('/Invoices', (c) => {
    const store = c.get('tenant');
    const now = deps.clock.now();
    const where = whereOrError(c, INVOICE_FIELDS);
    if ('response' in where) return where.response;
    const ids = queryList(c, 'IDs')?.map((id) => id.toLowerCase());
    const contactIds = queryList(c, 'ContactIDs')?.map((id) => id.toLowerCase());
    const statuses = queryList(c, 'Statuses')?.map((status) => status.toUpperCase());
    const numbers = queryList(c, 'InvoiceNumbers');
    const since = ifModifiedSince(c);
    const term = c.req.query('searchTerm')?.toLowerCase();
    const summaryOnly = queryFlag(c, 'summaryOnly');
    let invoices: InvoiceRecord[] = ids
      ? ids.flatMap((id) => store.invoicesById.get(id) ?? [])
      : contactIds
        ? contactIds.flatMap((id) => store.invoicesByContact.get(id) ?? [])
        : store.invoices;
    invoices = invoices.filter(
      (invoice) =>
        (!contactIds || contactIds.includes(invoice.contactId)) &&
        (!statuses || statuses.includes(invoice.status)) &&
        (!numbers || numbers.includes(invoice.invoiceNumber)) &&
        (since === undefined || invoice.updatedAt >= since) &&
        (!term || invoice.invoiceNumber.toLowerCase().includes(term) || invoice.reference.toLowerCase().includes(term)),
    );
    const order = orderBy(c);
    const predicate = where.predicate;
    if (predicate || order) {
      const wired = invoices.map((invoice) => ({ invoice, wire: wireInvoice(store, invoice, { withLines: false }) }));
      const kept = predicate ? wired.filter((entry) => predicate(entry.wire)) : wired;
      if (order) kept.sort((a, b) => order(a.wire, b.wire));
      invoices = kept.map((entry) => entry.invoice);
    }
    const paging = parsePaging(c.req.query());
    const { items, pagination } = applyPaging(invoices, paging);
    const wire = items.map((invoice) => wireInvoice(store, invoice, { withLines: paging.paged, summaryOnly }));
    return c.json(envelope(c, deps.providerName, now, 'Invoices', wire, pagination));
  });

  routes.get('/Invoices/:id', (c) => {
    const store = c.get('tenant');
    const id = c.req.param('id');
    const invoice = store.invoicesById.get(id.toLowerCase()) ?? store.invoices.find((item) => item.invoiceNumber === id);
    if (!invoice) return notFoundResponse(c);
    return c.json(envelope(c, deps.providerName, deps.clock.now(), 'Invoices', [wireInvoice(store, invoice, { withLines: true })]));
  });

  async function write(c: Context<ApiEnv>, mode: 'PUT' | 'POST', pathId?: string) {
    const store = c.get('tenant');
    const inputs = collectionFromBody(await readJsonBody(c), 'Invoices');
    if (!inputs || inputs.length === 0) return postDataInvalid(c, 'The request body could not be read as invoices.');
    const summarizeErrors = (c.req.query('summarizeErrors') ?? 'true').toLowerCase() !== 'false';
    return withIdempotency(c, deps.idempotency, store.organisation.tenantId, () => {
      const now = deps.clock.now();
      const outcomes = inputs.map((input) => prepareInvoiceWrite(store, pathId ? { ...input, InvoiceID: pathId } : input, mode, now));
      const failed = outcomes.filter((outcome) => !outcome.ok);
      if (summarizeErrors && failed.length > 0) {
        return { status: 400, body: validationExceptionBody(failed.map((outcome) => (outcome.ok ? {} : outcome.element))) };
      }
      const wire = outcomes.map((outcome) => {
        if (!outcome.ok) return { ...outcome.element, StatusAttributeString: 'ERROR' };
        outcome.apply();
        const stored = store.invoicesById.get(outcome.invoice.invoiceId) ?? outcome.invoice;
        deps.emit({ tenantId: store.organisation.tenantId, category: 'INVOICE', type: outcome.created ? 'CREATE' : 'UPDATE', resourceId: stored.invoiceId, at: now });
        return { ...wireInvoice(store, stored, { withLines: true }), ...(summarizeErrors ? {} : { StatusAttributeString: 'OK' }) };
      });
      return { status: 200, body: envelope(c, deps.providerName, now, 'Invoices', wire) };
    });
  }

  routes.put('/Invoices', (c) => write(c, 'PUT'));
  routes.post('/Invoices', (c) => write(c, 'POST'));
  routes.post('/Invoices/:id', (c) => write(c, 'POST', c.req.param('id')));
  return routes;
}
