import { Hono, type Context } from 'hono';
import { type SandboxClock } from '../../emulator';
import { type ContactRecord } from '../store/model';
import { type TenantStore } from '../store/tenant-store';
import { startOfUtcDay } from '../support/ms-date';
import { type ApiEnv } from './api-env';
import { type EmitChange } from './change-events';
import { prepareContactWrite } from './contact-write';
import { envelope } from './envelope';
import { type IdempotencyStore, withIdempotency } from './idempotency';
import { jsonWithRows, type PageCache, pageKey } from './page-cache';
import { applyPaging, parsePaging } from './paging';
import { notFoundResponse } from './problem';
import {
  collectionFromBody,
  ifModifiedSince,
  orderBy,
  queryFlag,
  queryList,
  readJsonBody,
  whereOrError,
} from './query-helpers';
import { CONTACT_FIELDS, wireContact } from './serialize-contact';
import { validationExceptionBody } from './validation-error';

export interface ApiRouteDeps {
  clock: SandboxClock;
  providerName: string;
  idempotency: IdempotencyStore;
  emit: EmitChange;
  pageCache: PageCache;
}

export function postDataInvalid(c: Context, message: string) {
  return c.json({ ErrorNumber: 14, Type: 'PostDataInvalidException', Message: message }, 400);
}

function matchesSearchTerm(contact: ContactRecord, term: string): boolean {
  const needle = term.toLowerCase();
  return [contact.name, contact.firstName, contact.lastName, contact.contactNumber, contact.email].some(
    (field) => field !== undefined && field.toLowerCase().includes(needle),
  );
}

/**
 * GET/PUT/POST /Contacts and GET/POST /Contacts/{id} (api-facts.md section 2, Contacts; xero_accounting.yaml).
 * Archived contacts are left out unless includeArchived=true or asked for by ID. Names are unique among ACTIVE
 * contacts (examples/createContacts.400.json).
 */
export function createContactsRoutes(deps: ApiRouteDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();

  // ACTIVE contacts in creation order, rebuilt only after a contact write: plain paging never scans 100,000 contacts.
  const activeLists = new WeakMap<TenantStore, { revision: number; contacts: ContactRecord[] }>();
  const activeContacts = (store: TenantStore): ContactRecord[] => {
    const cached = activeLists.get(store);
    if (cached && cached.revision === store.contactRevision) return cached.contacts;
    const contacts = store.contacts.filter((contact) => contact.status === 'ACTIVE');
    activeLists.set(store, { revision: store.contactRevision, contacts });
    return contacts;
  };

  routes.get('/Contacts', (c) => {
    const store = c.get('tenant');
    const now = deps.clock.now();
    const where = whereOrError(c, CONTACT_FIELDS);
    if ('response' in where) return where.response;
    // Balances depend on invoices and, through Overdue, on the day.
    const revision = `${store.contactRevision}|${store.invoices.revision}|${startOfUtcDay(now)}`;
    const page = deps.pageCache.page(store, pageKey(c), revision, () => {
      const ids = queryList(c, 'IDs')?.map((id) => id.toLowerCase());
      const includeArchived = queryFlag(c, 'includeArchived') || ids !== undefined;
      const since = ifModifiedSince(c);
      const searchTerm = c.req.query('searchTerm');
      const summaryOnly = queryFlag(c, 'summaryOnly');
      let contacts: ContactRecord[] = ids
        ? ids.flatMap((id) => store.contactsById.get(id) ?? [])
        : includeArchived
          ? store.contacts
          : activeContacts(store);
      if (ids || since !== undefined || (searchTerm !== undefined && searchTerm !== '')) {
        contacts = contacts.filter(
          (contact) =>
            (includeArchived || contact.status === 'ACTIVE') &&
            (since === undefined || contact.updatedAt >= since) &&
            (searchTerm === undefined || searchTerm === '' || matchesSearchTerm(contact, searchTerm)),
        );
      }
      const order = orderBy(c);
      const predicate = where.predicate;
      if (predicate || order) {
        const wired = contacts.map((contact) => ({ contact, wire: wireContact(store, contact, now) }));
        const kept = predicate ? wired.filter((entry) => predicate(entry.wire)) : wired;
        if (order) kept.sort((a, b) => order(a.wire, b.wire));
        contacts = kept.map((entry) => entry.contact);
      }
      const { items, pagination } = applyPaging(contacts, parsePaging(c.req.query()));
      return { rows: items.map((contact) => wireContact(store, contact, now, { summaryOnly })), pagination };
    });
    return jsonWithRows(c, envelope(c, deps.providerName, now, 'Contacts', [], page.pagination), page.json);
  });

  routes.get('/Contacts/:id', (c) => {
    const store = c.get('tenant');
    const id = c.req.param('id');
    const contact = store.contactsById.get(id.toLowerCase()) ?? store.contacts.find((item) => item.contactNumber === id);
    if (!contact) return notFoundResponse(c);
    const now = deps.clock.now();
    return c.json(envelope(c, deps.providerName, now, 'Contacts', [wireContact(store, contact, now)]));
  });

  async function write(c: Context<ApiEnv>, mode: 'PUT' | 'POST', pathId?: string) {
    const store = c.get('tenant');
    const body = await readJsonBody(c);
    const inputs = collectionFromBody(body, 'Contacts');
    if (!inputs || inputs.length === 0) return postDataInvalid(c, 'The request body could not be read as contacts.');
    const summarizeErrors = (c.req.query('summarizeErrors') ?? 'true').toLowerCase() !== 'false';
    return withIdempotency(c, deps.idempotency, store.organisation.tenantId, () => {
      const now = deps.clock.now();
      const reserved = new Set<string>();
      const outcomes = inputs.map((input) =>
        prepareContactWrite(store, pathId ? { ...input, ContactID: pathId } : input, mode, now, reserved),
      );
      const failed = outcomes.filter((outcome) => !outcome.ok);
      if (summarizeErrors && failed.length > 0) {
        return { status: 400, body: validationExceptionBody(failed.map((outcome) => (outcome.ok ? {} : outcome.element))) };
      }
      const wire = outcomes.map((outcome) => {
        if (!outcome.ok) return { ...outcome.element, StatusAttributeString: 'ERROR' };
        outcome.apply();
        deps.emit({
          tenantId: store.organisation.tenantId,
          category: 'CONTACT',
          type: outcome.created ? 'CREATE' : 'UPDATE',
          resourceId: outcome.contact.contactId,
          at: now,
        });
        const stored = store.contactsById.get(outcome.contact.contactId) ?? outcome.contact;
        return { ...wireContact(store, stored, now), ...(summarizeErrors ? {} : { StatusAttributeString: 'OK' }) };
      });
      return { status: 200, body: envelope(c, deps.providerName, now, 'Contacts', wire) };
    });
  }

  routes.put('/Contacts', (c) => write(c, 'PUT'));
  routes.post('/Contacts', (c) => write(c, 'POST'));
  routes.post('/Contacts/:id', (c) => write(c, 'POST', c.req.param('id')));
  return routes;
}
