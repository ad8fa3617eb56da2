import { Hono } from 'hono';
import { type ApiEnv } from './api-env';
import { type ApiRouteDeps } from './contacts-routes';
import { envelope } from './envelope';
import { applyPaging, parsePaging } from './paging';
import { notFoundResponse } from './problem';
import { ifModifiedSince, whereOrError } from './query-helpers';
import { wireOrganisation } from './serialize-organisation';
import { wireCreditNote, wireItem, wireQuote } from './serialize-transactions';

/**
 * GET /Organisation, /Items (no paging and no pagination block, README "Contract facts"), /Quotes (ContactID, Status,
 * QuoteNumber, page; the Quotes schema has no pagination block) and /CreditNotes (paged, with pagination).
 */
export function createReferenceRoutes(deps: ApiRouteDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  routes.get('/Organisation', (c) =>
    c.json(envelope(c, deps.providerName, deps.clock.now(), 'Organisations', [wireOrganisation(c.get('tenant').organisation)])),
  );

  routes.get('/Items', (c) => {
    const store = c.get('tenant');
    const where = whereOrError(c);
    if ('response' in where) return where.response;
    const since = ifModifiedSince(c);
    const predicate = where.predicate;
    const items = store.items
      .filter((item) => since === undefined || item.updatedAt >= since)
      .map((item) => wireItem(store, item))
      .filter((wire) => !predicate || predicate(wire));
    return c.json(envelope(c, deps.providerName, deps.clock.now(), 'Items', items));
  });

  routes.get('/Items/:id', (c) => {
    const store = c.get('tenant');
    const id = c.req.param('id');
    const item = store.items.find((candidate) => candidate.itemId === id.toLowerCase() || candidate.code === id);
    if (!item) return notFoundResponse(c);
    return c.json(envelope(c, deps.providerName, deps.clock.now(), 'Items', [wireItem(store, item)]));
  });

  routes.get('/Quotes', (c) => {
    const store = c.get('tenant');
    const contactId = c.req.query('ContactID')?.toLowerCase();
    const status = c.req.query('Status')?.toUpperCase();
    const number = c.req.query('QuoteNumber');
    const since = ifModifiedSince(c);
    const quotes = store.quotes.filter(
      (quote) =>
        (contactId === undefined || quote.contactId === contactId) &&
        (status === undefined || quote.status === status) &&
        (number === undefined || quote.quoteNumber === number) &&
        (since === undefined || quote.updatedAt >= since),
    );
    // GET /Quotes takes `page` but no `pageSize` (xero_accounting.yaml: pageSize is a parameter of Contacts, Invoices,
    // CreditNotes, Payments and a few others, not of Quotes): always 100 a page, whatever is asked.
    const { pageSize: _ignored, ...query } = c.req.query();
    const { items } = applyPaging(quotes, parsePaging(query));
    return c.json(envelope(c, deps.providerName, deps.clock.now(), 'Quotes', items.map((quote) => wireQuote(store, quote))));
  });

  routes.get('/Quotes/:id', (c) => {
    const store = c.get('tenant');
    const quote = store.quotes.find((candidate) => candidate.quoteId === c.req.param('id').toLowerCase());
    if (!quote) return notFoundResponse(c);
    return c.json(envelope(c, deps.providerName, deps.clock.now(), 'Quotes', [wireQuote(store, quote)]));
  });

  routes.get('/CreditNotes', (c) => {
    const store = c.get('tenant');
    const since = ifModifiedSince(c);
    const paging = parsePaging(c.req.query());
    const notes = store.creditNotes.filter((note) => since === undefined || note.updatedAt >= since);
    const { items, pagination } = applyPaging(notes, paging);
    const wire = items.map((note) => wireCreditNote(store, note, paging.paged));
    return c.json(envelope(c, deps.providerName, deps.clock.now(), 'CreditNotes', wire, pagination));
  });

  return routes;
}
