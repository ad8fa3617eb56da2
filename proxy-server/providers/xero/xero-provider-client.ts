import type { CreditNote, Customer, Estimate, Invoice, Item, Party, Payment } from '../../../lib/model';
import type { ApiAuth, Grant, ProviderClient } from '../provider-client';
import type { XeroOrganisation } from './map-organisation';
import type { XeroTenant } from './xero-connections';
import type { XeroLinkEntity } from './xero-links';
import type { XeroSkippedRecord } from './xero-map-common';
import type { XeroRateLimit } from './xero-rate-limit';

/**
 * What Xero needs beyond ProviderClient (the interface change is described in the report to the lead):
 * - one consent covers several organisations, each with Xero's own connection id: the grant lists them (`tenants`)
 *   so the route can let the user pick, and one can be disconnected without revoking the grant (`disconnectTenant`);
 * - deep links need the organisation's ShortCode, which only GET /Organisation gives (`organisation`);
 * - every entity, not only customers, with If-Modified-Since, deletions and per-entity skips.
 */
export interface XeroGrant extends Grant {
  /** The organisations of this consent (GET /connections?authEventId=…); companyIds = their tenantIds. */
  tenants: XeroTenant[];
  authEventId: string | null;
}

/** Anything that yields a usable access token; ApiAuth qualifies. */
export interface AccessTokenSource {
  accessToken(rejected?: string): Promise<string>;
}

export interface XeroReadOptions {
  /** Only records changed at or after this time (If-Modified-Since). Contact balances change without it moving. */
  modifiedSince?: Date | number | null | undefined;
  signal?: AbortSignal | undefined;
  /** The organisation's ShortCode and currency when the caller has them; otherwise read once and cached. */
  organisation?: Pick<XeroOrganisation, 'shortCode' | 'baseCurrency'> | undefined;
  /** First page (a resumed import). */
  startPage?: number | undefined;
  /** Overrides the client's page size (where the endpoint takes one). */
  pageSize?: number | undefined;
  /** Only these records (Contacts and Invoices take `IDs`); ≤ 50 per call keeps the URL short. */
  ids?: readonly string[] | undefined;
}

export interface XeroPageMeta {
  /** 1-based page number; 1 for unpaged endpoints (Items). */
  page: number;
  deleted: string[];
  skipped: XeroSkippedRecord[];
  /** Limit headers of the response that produced this page. */
  rateLimit: XeroRateLimit | null;
  /** Xero's clock when it answered (envelope DateTimeUTC), when it says. */
  serverTime: number | null;
}

export interface XeroPage<T> extends XeroPageMeta {
  records: T[];
}

/** A contact can be a customer, a vendor (supplier) or both; `deleted` ids are contacts erased at Xero (GDPR). */
export interface XeroContactPage extends XeroPageMeta {
  customers: Customer[];
  vendors: Party[];
}

export interface XeroProviderClient extends ProviderClient {
  readonly provider: 'xero';
  exchangeCode(callbackUrl: URL): Promise<XeroGrant>;
  /** The organisations a token reaches; with `authEventId`, only those of that consent. */
  listTenants(auth: AccessTokenSource, options?: { authEventId?: string | null }): Promise<XeroTenant[]>;
  /**
   * Removes one organisation from the grant (DELETE /connections/{id}); the grant stays valid for the others.
   * Without `xeroConnectionId` the connection is looked up by auth.companyId first (one extra call).
   */
  disconnectTenant(auth: ApiAuth, xeroConnectionId?: string): Promise<void>;
  organisation(auth: ApiAuth, options?: { signal?: AbortSignal }): Promise<XeroOrganisation>;
  /** includeArchived defaults to true: an archived contact must turn inactive in the mirror, not silently stay. */
  listContacts(auth: ApiAuth, options?: XeroReadOptions & { includeArchived?: boolean }): AsyncIterable<XeroContactPage>;
  /** Sales invoices (ACCREC) with line items. */
  listInvoices(auth: ApiAuth, options?: XeroReadOptions): AsyncIterable<XeroPage<Invoice>>;
  listQuotes(auth: ApiAuth, options?: XeroReadOptions): AsyncIterable<XeroPage<Estimate>>;
  /** Customer payments (ACCRECPAYMENT). */
  listPayments(auth: ApiAuth, options?: XeroReadOptions): AsyncIterable<XeroPage<Payment>>;
  /** Customer credit notes (ACCRECCREDIT). */
  listCreditNotes(auth: ApiAuth, options?: XeroReadOptions): AsyncIterable<XeroPage<CreditNote>>;
  /** Items are not paged by Xero: one page. */
  listItems(auth: ApiAuth, options?: XeroReadOptions): AsyncIterable<XeroPage<Item>>;
  deepLink(companyId: string, entity: XeroLinkEntity, id: string): string;
}
