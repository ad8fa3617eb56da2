import { createHash } from 'node:crypto';
import type { Address, Customer } from '../../../lib/model';
import type { Clock } from '../../clock';
import type { LimiterRegistry } from '../limiter';
import { ProviderError, type ApiAuth } from '../provider-client';
import { ProviderRejection, type CustomerDraft, type ProviderWrites, type SalesDocumentDraft } from '../provider-writes';
import { mapXeroContact } from './map-contact';
import { mapXeroInvoice } from './map-invoice';
import { mapXeroQuote } from './map-quote';
import { createXeroRequest } from './xero-api';
import type { XeroMapContext } from './xero-map-common';
import type { XeroProviderClient } from './xero-provider-client';

/**
 * Xero's write operations (issue 4 §7): contacts and sales invoices/quotes, each with Xero's Idempotency-Key so a
 * retried action replays the first write (api-facts.md §2 "Idempotency"). Time activities are absent on purpose —
 * Xero Accounting has no time tracking — so that action answers 422 not_supported.
 */
export type XeroWrites = Omit<ProviderWrites, 'createTimeActivity'>;

/** A second write inside one action (the email after the create) gets its own key, as stable across retries. */
function subKey(idempotencyKey: string, purpose: string): string {
  return createHash('sha256').update(`${idempotencyKey}:${purpose}`).digest('hex').slice(0, 64);
}

function xeroAddress(type: 'POBOX' | 'STREET', address: Address | null): Record<string, string> | null {
  if (!address) return null;
  return {
    AddressType: type,
    AddressLine1: address.line1 ?? '',
    AddressLine2: address.line2 ?? '',
    City: address.city ?? '',
    Region: address.region ?? '',
    PostalCode: address.postalCode ?? '',
    Country: address.country ?? '',
  };
}

/** CustomerDraft → Xero Contact. Billing is Xero's POBOX (printed on invoices), shipping its STREET (map-contact.ts). */
export function xeroContactBody(draft: CustomerDraft): Record<string, unknown> {
  const [email, ...others] = draft.emails;
  const addresses = [xeroAddress('POBOX', draft.billingAddress), xeroAddress('STREET', draft.shippingAddress)].filter((a) => a !== null);
  return {
    Name: draft.displayName,
    ...(draft.givenName ? { FirstName: draft.givenName } : {}),
    ...(draft.familyName ? { LastName: draft.familyName } : {}),
    ...(email ? { EmailAddress: email } : {}),
    // Further addresses become contact persons who receive the emails, which map-contact.ts reads back as emails.
    ...(others.length > 0 ? { ContactPersons: others.map((address) => ({ EmailAddress: address, IncludeInEmails: true })) } : {}),
    ...(draft.phone ? { Phones: [{ PhoneType: 'DEFAULT', PhoneNumber: draft.phone }] } : {}),
    ...(addresses.length > 0 ? { Addresses: addresses } : {}),
    ...(draft.currency ? { DefaultCurrency: draft.currency } : {}),
  };
}

/** Xero's where-literal: a double-quoted string; the model's email validation keeps quotes and backslashes out. */
const whereLiteral = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function createXeroWrites(deps: {
  client: XeroProviderClient;
  apiBaseUrl: string;
  limiters: LimiterRegistry;
  clock: Clock;
  fetch: typeof fetch;
}): XeroWrites {
  const { client } = deps;
  const send = createXeroRequest({ apiBaseUrl: deps.apiBaseUrl, limiters: deps.limiters, clock: deps.clock, fetch: deps.fetch });

  async function mapContext(auth: ApiAuth): Promise<XeroMapContext> {
    const org = await client.organisation(auth);
    return {
      connectionId: auth.connectionId,
      companyId: auth.companyId,
      baseCurrency: org.baseCurrency,
      deepLink: (entity, id) => client.deepLink(auth.companyId, entity, id),
    };
  }

  function first(body: unknown, collection: string): unknown {
    const list = body && typeof body === 'object' ? (body as Record<string, unknown>)[collection] : undefined;
    if (!Array.isArray(list) || list.length === 0) throw new ProviderError('malformed_response', `Xero sent an unexpected ${collection} response.`);
    return list[0];
  }

  async function customersFrom(auth: ApiAuth, body: unknown): Promise<Customer[]> {
    const list = body && typeof body === 'object' ? (body as Record<string, unknown>)['Contacts'] : undefined;
    if (!Array.isArray(list)) return [];
    const ctx = await mapContext(auth);
    return list.flatMap((raw) => {
      const outcome = mapXeroContact(raw, ctx);
      return outcome.kind === 'contact' && outcome.customer ? [outcome.customer] : [];
    });
  }

  /** ItemID → Code: Xero's line items name items by Code, the mirror (and the extension) by ItemID. */
  async function itemCode(auth: ApiAuth, itemId: string): Promise<string> {
    const { body } = await send(auth, `Items/${encodeURIComponent(itemId)}`);
    const item = first(body, 'Items') as { Code?: unknown };
    if (typeof item.Code !== 'string' || !item.Code) throw new ProviderRejection(`The Xero item ${itemId} has no code, so it cannot be put on a line.`, 'not_found', null);
    return item.Code;
  }

  async function lineItems(auth: ApiAuth, draft: SalesDocumentDraft) {
    const codes = new Map<string, string>();
    for (const id of new Set(draft.lines.flatMap((l) => (l.itemId ? [l.itemId] : [])))) codes.set(id, await itemCode(auth, id));
    return draft.lines.map((line) => ({
      ...(line.description ? { Description: line.description } : {}),
      Quantity: Number(line.quantity),
      UnitAmount: Number(line.unitPrice),
      ...(line.itemId ? { ItemCode: codes.get(line.itemId) } : {}),
      // Null = the item's (or organisation's) default tax rate, which Xero applies itself.
      ...(line.taxCode ? { TaxType: line.taxCode } : {}),
    }));
  }

  return {
    async findCustomers(auth, query) {
      if ('email' in query) {
        const { body } = await send(auth, 'Contacts', { query: { where: `EmailAddress==${whereLiteral(query.email)}` } });
        const wanted = query.email.toLowerCase();
        return (await customersFrom(auth, body)).filter((c) => c.active && c.emails.some((e) => e.toLowerCase() === wanted));
      }
      // searchTerm: case-insensitive across Name, FirstName, LastName, ContactNumber and EmailAddress (api-facts.md §2).
      const { body } = await send(auth, 'Contacts', { query: { searchTerm: query.nameToken } });
      return (await customersFrom(auth, body)).filter((c) => c.active);
    },

    async getCustomer(auth, id) {
      if (!/^[0-9a-fA-F-]{1,64}$/.test(id)) return null;
      const { body } = await send(auth, 'Contacts', { query: { IDs: id, includeArchived: true } });
      return (await customersFrom(auth, body)).find((c) => c.id.toLowerCase() === id.toLowerCase()) ?? null;
    },

    async createCustomer(auth, draft, options) {
      const { body } = await send(auth, 'Contacts', {
        method: 'PUT',
        body: { Contacts: [xeroContactBody(draft)] },
        idempotencyKey: options.idempotencyKey,
        signal: options.signal,
      });
      const [customer] = await customersFrom(auth, body);
      if (!customer) throw new ProviderError('malformed_response', 'Xero did not send the contact it created.');
      return customer;
    },

    async createSalesDocument(auth, draft, options) {
      const lines = await lineItems(auth, draft);
      const today = new Date(deps.clock.now()).toISOString().slice(0, 10);
      const date = draft.issueDate ?? today;
      const ctx = await mapContext(auth);
      if (draft.kind === 'invoice') {
        const { body } = await send(auth, 'Invoices', {
          method: 'PUT',
          body: {
            Invoices: [
              {
                Type: 'ACCREC',
                Contact: { ContactID: draft.customerId },
                Date: date,
                // An approved invoice needs a due date; 30 days is Xero's own default term.
                DueDate: draft.dueDate ?? addDays(date, 30),
                // AUTHORISED ("awaiting payment"): the customer owes it, and only approved invoices can be emailed.
                Status: 'AUTHORISED',
                LineItems: lines,
              },
            ],
          },
          idempotencyKey: options.idempotencyKey,
          signal: options.signal,
        });
        const outcome = mapXeroInvoice(first(body, 'Invoices'), ctx);
        if (outcome.kind !== 'record') throw new ProviderError('malformed_response', 'Xero sent an invoice we could not read.');
        return { kind: 'invoice', invoice: outcome.record };
      }
      const { body } = await send(auth, 'Quotes', {
        method: 'PUT',
        body: {
          Quotes: [{ Contact: { ContactID: draft.customerId }, Date: date, ...(draft.dueDate ? { ExpiryDate: draft.dueDate } : {}), LineItems: lines }],
        },
        idempotencyKey: options.idempotencyKey,
        signal: options.signal,
      });
      const outcome = mapXeroQuote(first(body, 'Quotes'), ctx);
      if (outcome.kind !== 'record') throw new ProviderError('malformed_response', 'Xero sent a quote we could not read.');
      return { kind: 'estimate', estimate: outcome.record };
    },

    // The Accounting API emails invoices only (POST /Invoices/{id}/Email); quotes are sent from Xero itself.
    sendableKinds: ['invoice'],
    async sendSalesDocument(auth, kind, id, options) {
      if (kind === 'estimate') {
        // Unreachable through the actions (they check sendableKinds first); kept for direct callers.
        throw new ProviderRejection('Xero cannot email quotes through its API; send the quote from Xero.', 'validation', null);
      }
      await send(auth, `Invoices/${encodeURIComponent(id)}/Email`, {
        method: 'POST',
        body: {},
        idempotencyKey: subKey(options.idempotencyKey, 'email'),
        signal: options.signal,
      });
    },
  };
}
