import { createHash } from 'node:crypto';
import type { Customer } from '../../../lib/model';
import type { ProviderEndpoints } from '../catalogue';
import { createLimiterRegistry, type LimiterRegistry } from '../limiter';
import { ProviderError, type ApiAuth, type ProviderClient } from '../provider-client';
import { ProviderRejection, type ProviderWrites } from '../provider-writes';
import { mapQboCustomer } from './map-customer';
import { qboCustomerBody } from './map-new-customer';
import { findExemptCode, mapCreatedDocument, qboSalesDocumentBody, type TaxContext } from './map-sales-document';
import { mapCreatedTimeActivity, qboTimeActivityBody, timeTrackingDisabled, timeTrackingOff } from './map-time-activity';
import { QBO_MINOR_VERSION, qboDeepLink } from './qbo-client';
import { createQboHttp, qboLiteral, type QboHttp } from './qbo-http';

export interface QboWritesOptions {
  endpoints: Pick<ProviderEndpoints, 'apiBaseUrl' | 'appBaseUrl'>;
  limiters?: LimiterRegistry;
  fetch?: typeof fetch;
  /** Per provider attempt (default 30 s). Tests shorten it to lose a response on purpose. */
  timeoutMs?: number;
}

/** The realm-aware transaction deep link (api-facts.md §1 Deep links; `deeplinkcompanyid` picks the company). */
export function qboTxnDeepLink(appBaseUrl: string, realmId: string, kind: 'invoice' | 'estimate', id: string): string {
  return `${appBaseUrl.replace(/\/+$/, '')}/app/${kind}?txnId=${encodeURIComponent(id)}&deeplinkcompanyid=${encodeURIComponent(realmId)}`;
}

/**
 * A second write inside one action (the send after the create) needs its own requestid — QBO keys requestids per
 * company, not per route — yet one that is just as stable across retries.
 */
export function subRequestId(idempotencyKey: string, purpose: string): string {
  const hex = createHash('sha256').update(`${idempotencyKey}:${purpose}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

interface CompanyFacts {
  us: boolean;
  homeCurrency: string | null;
}

type Row = Record<string, unknown>;

async function query(http: QboHttp, auth: ApiAuth, entity: string, statement: string): Promise<Row[]> {
  const body = (await http(auth, { method: 'GET', path: 'query', query: { query: statement } })) as { QueryResponse?: Row };
  const rows = body.QueryResponse?.[entity];
  return Array.isArray(rows) ? (rows as Row[]) : [];
}

function entityOf(body: unknown, entity: string): unknown {
  const value = (body as Row | null)?.[entity];
  if (!value || typeof value !== 'object') throw new ProviderError('malformed_response', `QuickBooks sent an unexpected ${entity} response.`);
  return value;
}

/** QBO's write operations (issue 4 §7). Kept apart from qbo-client.ts (the readers) and merged onto it by withQboWrites. */
export function createQboWrites(options: QboWritesOptions): ProviderWrites {
  const http = createQboHttp({
    apiBaseUrl: options.endpoints.apiBaseUrl,
    minorVersion: QBO_MINOR_VERSION,
    limiters: options.limiters ?? createLimiterRegistry(),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    timeoutMs: options.timeoutMs ?? 30_000,
  });
  const appBase = options.endpoints.appBaseUrl;
  // Country and home currency do not change under a connection: two reads per company per process, not per action.
  const facts = new Map<string, Promise<CompanyFacts>>();

  function companyFacts(auth: ApiAuth): Promise<CompanyFacts> {
    let known = facts.get(auth.companyId);
    if (!known) {
      known = (async () => {
        const info = entityOf(await http(auth, { method: 'GET', path: `companyinfo/${encodeURIComponent(auth.companyId)}` }), 'CompanyInfo') as Row;
        const prefs = (await http(auth, { method: 'GET', path: 'preferences' })) as { Preferences?: { CurrencyPrefs?: { HomeCurrency?: { value?: string } } } };
        const country = typeof info.Country === 'string' ? info.Country.toUpperCase() : 'US';
        return { us: country === 'US' || country === 'USA', homeCurrency: prefs.Preferences?.CurrencyPrefs?.HomeCurrency?.value ?? null };
      })();
      known.catch(() => facts.delete(auth.companyId));
      facts.set(auth.companyId, known);
    }
    return known;
  }

  async function toCustomer(auth: ApiAuth, raw: unknown): Promise<Customer | null> {
    const mapped = mapQboCustomer(raw, {
      connectionId: auth.connectionId,
      companyId: auth.companyId,
      homeCurrency: (await companyFacts(auth)).homeCurrency,
      deepLink: (id) => qboDeepLink(appBase, auth.companyId, id),
    });
    return mapped.ok ? mapped.customer : null;
  }

  async function customers(auth: ApiAuth, rows: Row[]): Promise<Customer[]> {
    const out: Customer[] = [];
    for (const row of rows) {
      const customer = await toCustomer(auth, row);
      if (customer) out.push(customer);
    }
    return out;
  }

  async function taxContext(auth: ApiAuth, itemIds: string[], needExempt: boolean): Promise<TaxContext> {
    const { us } = await companyFacts(auth);
    const items = new Map<string, { taxCode: string | null; taxable: boolean }>();
    if (itemIds.length > 0) {
      const list = [...new Set(itemIds)].map(qboLiteral).join(', ');
      for (const item of await query(http, auth, 'Item', `SELECT * FROM Item WHERE Id IN (${list})`)) {
        const ref = (item.SalesTaxCodeRef as { value?: string } | undefined)?.value ?? null;
        items.set(String(item.Id), { taxCode: ref, taxable: item.Taxable === true });
      }
    }
    let exemptCode: string | null = null;
    if (!us && needExempt) {
      exemptCode = findExemptCode(await query(http, auth, 'TaxCode', 'SELECT * FROM TaxCode MAXRESULTS 1000'));
    }
    return { us, items, exemptCode };
  }

  return {
    async findCustomers(auth, search) {
      if ('email' in search) {
        const email = search.email.trim().toLowerCase();
        // LIKE, not =: QBO keeps several addresses comma-separated in one field (map-customer.ts splitEmails).
        const rows = await query(http, auth, 'Customer', `SELECT * FROM Customer WHERE PrimaryEmailAddr LIKE ${qboLiteral(`%${email}%`)} MAXRESULTS 100`);
        const found = await customers(auth, rows);
        return found.filter((c) => c.emails.some((e) => e.toLowerCase() === email));
      }
      // No OR in QBO queries (api-facts.md §1 Query): one query per field, merged by id.
      const pattern = qboLiteral(`%${search.nameToken}%`);
      const byId = new Map<string, Customer>();
      for (const field of ['DisplayName', 'CompanyName']) {
        for (const c of await customers(auth, await query(http, auth, 'Customer', `SELECT * FROM Customer WHERE ${field} LIKE ${pattern} MAXRESULTS 200`))) {
          byId.set(c.id, c);
        }
      }
      return [...byId.values()];
    },

    async getCustomer(auth, id) {
      try {
        return await toCustomer(auth, entityOf(await http(auth, { method: 'GET', path: `customer/${encodeURIComponent(id)}` }), 'Customer'));
      } catch (error) {
        if (error instanceof ProviderRejection && (error.reason === 'not_found' || error.reason === 'validation')) return null;
        throw error;
      }
    },

    async createCustomer(auth, draft, { idempotencyKey, signal }) {
      const body = await http(auth, { method: 'POST', path: 'customer', query: { requestid: idempotencyKey }, body: qboCustomerBody(draft), signal });
      const customer = await toCustomer(auth, entityOf(body, 'Customer'));
      if (!customer) throw new ProviderError('malformed_response', 'QuickBooks created the customer but sent a record we could not read.');
      return customer;
    },

    async createTimeActivity(auth, draft, { idempotencyKey, signal }) {
      // Check the feature first (api-facts.md §1 TimeActivity): a clear sentence beats QBO's generic fault.
      if (timeTrackingDisabled(await http(auth, { method: 'GET', path: 'preferences' }))) throw timeTrackingOff();
      const body = await http(auth, { method: 'POST', path: 'timeactivity', query: { requestid: idempotencyKey }, body: qboTimeActivityBody(draft), signal });
      return mapCreatedTimeActivity(entityOf(body, 'TimeActivity'), draft);
    },

    async createSalesDocument(auth, draft, { idempotencyKey, signal }) {
      const itemIds = draft.lines.flatMap((l) => (l.itemId ? [l.itemId] : []));
      const tax = await taxContext(auth, itemIds, draft.lines.some((l) => l.taxCode === null));
      const entity = draft.kind === 'invoice' ? 'Invoice' : 'Estimate';
      const body = await http(auth, {
        method: 'POST',
        path: draft.kind,
        query: { requestid: idempotencyKey },
        body: qboSalesDocumentBody(draft, tax),
        signal,
      });
      return mapCreatedDocument(draft.kind, entityOf(body, entity), {
        connectionId: auth.connectionId,
        companyId: auth.companyId,
        homeCurrency: (await companyFacts(auth)).homeCurrency,
        deepLink: (kind, id) => qboTxnDeepLink(appBase, auth.companyId, kind, id),
      });
    },

    async sendSalesDocument(auth, kind, id, { idempotencyKey, signal }) {
      // POST /invoice/{id}/send (and /estimate/{id}/send) emails it to the customer's BillEmail.
      await http(auth, { method: 'POST', path: `${kind}/${encodeURIComponent(id)}/send`, query: { requestid: subRequestId(idempotencyKey, 'send') }, signal });
    },
  };
}

/** Adds the write operations to a QBO client (registry.ts), leaving its readers untouched. */
export function withQboWrites(client: ProviderClient, options: QboWritesOptions): ProviderClient {
  return { ...client, ...createQboWrites(options) };
}

