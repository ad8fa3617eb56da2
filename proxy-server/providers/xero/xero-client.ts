import type { Customer, Party } from '../../../lib/model';
import type { Clock } from '../../clock';
import { PROVIDER_CATALOGUE, type ProviderEndpoints } from '../catalogue';
import { createLimiterRegistry, type LimiterRegistry } from '../limiter';
import { ProviderError, type ApiAuth, type CustomerPage, type SkippedRecord } from '../provider-client';
import { mapXeroContact } from './map-contact';
import { mapXeroCreditNote } from './map-credit-note';
import { mapXeroInvoice } from './map-invoice';
import { mapXeroItem } from './map-item';
import { mapXeroOrganisation, type XeroOrganisation } from './map-organisation';
import { mapXeroPayment } from './map-payment';
import { mapXeroQuote } from './map-quote';
import { createXeroGet } from './xero-api';
import { authEventIdOf, deleteConnection, fetchConnections, type ConnectionsDeps } from './xero-connections';
import { xeroDeepLink } from './xero-links';
import type { MapOutcome, XeroMapContext, XeroSkippedRecord } from './xero-map-common';
import { consentUrl, providerErrorFromOAuth, tokensFromTokenSet, xeroSdk, type XeroOAuthConfig } from './xero-oauth';
import { xeroPages, type PagingRequest } from './xero-paging';
import type { XeroPage, XeroProviderClient, XeroReadOptions } from './xero-provider-client';
import type { XeroRateLimit } from './xero-rate-limit';

export interface XeroClientOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Real Xero's by default; the sandbox's (GET /__sandbox/endpoints) when configured. connectionsUrl is required. */
  endpoints?: ProviderEndpoints;
  /** The catalogue's by default. */
  scopes?: readonly string[];
  clock: Clock;
  fetch?: typeof fetch;
  /** Shared per-company limiters, one registry per process (createProviders passes it). */
  limiters?: LimiterRegistry;
  /** Asked page size; Xero accepts up to 1,000 on Contacts, Invoices, CreditNotes and Payments. */
  pageSize?: number;
  onRateLimit?: (tenantId: string, info: XeroRateLimit) => void;
}

/** Largest pageSize Xero accepts (api-facts.md §2; the sandbox caps at the same). */
export const XERO_MAX_PAGE_SIZE = 1000;

export function createXeroClient(options: XeroClientOptions): XeroProviderClient {
  const { clock } = options;
  const endpoints = options.endpoints ?? PROVIDER_CATALOGUE.xero.endpoints.production;
  const connectionsUrl = endpoints.connectionsUrl;
  if (!connectionsUrl) throw new Error('Xero endpoints need a connectionsUrl');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const pageSize = Math.min(options.pageSize ?? XERO_MAX_PAGE_SIZE, XERO_MAX_PAGE_SIZE);
  const oauth: XeroOAuthConfig = {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    scopes: options.scopes ?? PROVIDER_CATALOGUE.xero.scopes,
    endpoints,
  };
  const connections: ConnectionsDeps = { connectionsUrl, fetch: doFetch };
  const getJson = createXeroGet({
    apiBaseUrl: endpoints.apiBaseUrl,
    limiters: options.limiters ?? createLimiterRegistry(),
    clock,
    fetch: doFetch,
    onRateLimit: options.onRateLimit,
  });
  // ShortCode and base currency never change for an organisation: read once per process, not once per sync page.
  const organisations = new Map<string, XeroOrganisation>();

  async function organisation(auth: ApiAuth, signal?: AbortSignal): Promise<XeroOrganisation> {
    const cached = organisations.get(auth.companyId);
    if (cached) return cached;
    const { body } = await getJson(auth, 'Organisation', { signal });
    const org = mapXeroOrganisation(body, auth.companyId);
    organisations.set(auth.companyId, org);
    return org;
  }

  async function mapContext(auth: ApiAuth, read: XeroReadOptions): Promise<XeroMapContext> {
    const org = read.organisation ?? (await organisation(auth, read.signal));
    return {
      connectionId: auth.connectionId,
      companyId: auth.companyId,
      baseCurrency: org.baseCurrency,
      deepLink: (entity, id) => xeroDeepLink(endpoints.appBaseUrl, org.shortCode, entity, id),
    };
  }

  async function* readEntity<T>(
    auth: ApiAuth,
    read: XeroReadOptions,
    request: Omit<PagingRequest, 'modifiedSince' | 'signal'>,
    map: (raw: unknown, ctx: XeroMapContext) => MapOutcome<T>,
  ): AsyncGenerator<XeroPage<T>> {
    const ctx = await mapContext(auth, read);
    for await (const raw of xeroPages(getJson, auth, withRead(request, read))) {
      const page: XeroPage<T> = { page: raw.page, records: [], deleted: [], skipped: [], rateLimit: raw.rateLimit, serverTime: raw.serverTime };
      for (const record of raw.records) {
        const outcome = map(record, ctx);
        if (outcome.kind === 'record') page.records.push(outcome.record);
        else if (outcome.kind === 'deleted') page.deleted.push(outcome.id);
        else if (outcome.kind === 'skipped') page.skipped.push(outcome.skipped);
      }
      yield page;
    }
  }

  /** The caller's paging, page size and IDs over an entity's request. */
  function withRead(request: Omit<PagingRequest, 'modifiedSince' | 'signal'>, read: XeroReadOptions): PagingRequest {
    const ids = read.ids && read.ids.length > 0 ? read.ids.join(',') : undefined;
    return {
      ...request,
      ...(request.pageSize && read.pageSize ? { pageSize: Math.min(read.pageSize, XERO_MAX_PAGE_SIZE) } : {}),
      query: { ...request.query, ...(ids ? { IDs: ids } : {}) },
      modifiedSince: read.modifiedSince,
      signal: read.signal,
      startPage: read.startPage,
    };
  }

  async function listTenants(auth: { accessToken(rejected?: string): Promise<string> }, authEventId: string | null) {
    let token = await auth.accessToken();
    const first = await fetchConnections(connections, token, authEventId);
    if (first) return first;
    token = await auth.accessToken(token);
    const second = await fetchConnections(connections, token, authEventId);
    if (!second) throw new ProviderError('unauthorized', 'Xero refused the access token.');
    return second;
  }

  const client: XeroProviderClient = {
    provider: 'xero',
    authorizeUrl(state) {
      return consentUrl(oauth, state);
    },
    async exchangeCode(callbackUrl) {
      const error = callbackUrl.searchParams.get('error');
      if (error === 'access_denied') throw new ProviderError('rejected', 'The Xero consent was cancelled.');
      if (error) throw new ProviderError('rejected', `Xero did not authorise the connection (${error}).`);
      const code = callbackUrl.searchParams.get('code');
      if (!code) throw new ProviderError('malformed_response', 'Xero did not send an authorization code.');
      let tokens;
      try {
        const set = await xeroSdk(oauth).openIdClient.grant({ grant_type: 'authorization_code', code, redirect_uri: oauth.redirectUri });
        tokens = tokensFromTokenSet(set, clock.now());
      } catch (e) {
        throw providerErrorFromOAuth(e, 'connecting');
      }
      const authEventId = authEventIdOf(tokens.accessToken);
      // Without the claim (not seen from Xero), every organisation the token reaches is offered: the user picks.
      const tenants = await listTenants({ accessToken: async () => tokens.accessToken }, authEventId);
      if (tenants.length === 0) throw new ProviderError('rejected', 'No Xero organisation was chosen on the consent screen.');
      return {
        tokens,
        companyIds: tenants.map((t) => t.tenantId),
        companies: tenants.map((t) => ({ id: t.tenantId, name: t.tenantName, providerConnectionId: t.connectionId })),
        tenants,
        authEventId,
      };
    },
    async refresh(tokens) {
      // The new refresh token replaces the old one (rotation); the token service persists it before use. The old one
      // keeps answering with the same new pair for 30 minutes, so a lost response can be retried (api-facts.md §2).
      try {
        const set = await xeroSdk(oauth).openIdClient.grant({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken });
        return tokensFromTokenSet(set, clock.now());
      } catch (e) {
        throw providerErrorFromOAuth(e, 'refreshing the connection');
      }
    },
    async revoke(tokens) {
      try {
        const sdk = xeroSdk(oauth);
        sdk.setTokenSet({ access_token: tokens.accessToken, refresh_token: tokens.refreshToken, token_type: 'Bearer' });
        await sdk.revokeToken(); // revoking the refresh token ends the grant and every organisation's connection
      } catch (e) {
        throw providerErrorFromOAuth(e, 'disconnecting');
      }
    },
    listTenants(auth, listOptions = {}) {
      return listTenants(auth, listOptions.authEventId ?? null);
    },
    async disconnectTenant(auth, xeroConnectionId) {
      let id = xeroConnectionId;
      if (!id) {
        const tenant = (await listTenants(auth, null)).find((t) => t.tenantId.toLowerCase() === auth.companyId.toLowerCase());
        if (!tenant) return; // already disconnected at Xero
        id = tenant.connectionId;
      }
      let token = await auth.accessToken();
      if (await deleteConnection(connections, token, id)) return;
      token = await auth.accessToken(token);
      if (!(await deleteConnection(connections, token, id))) throw new ProviderError('unauthorized', 'Xero refused the access token.');
    },
    organisation(auth, orgOptions = {}) {
      return organisation(auth, orgOptions.signal);
    },
    async companyInfo(auth) {
      const org = await organisation(auth);
      return { id: auth.companyId, name: org.name, currency: org.baseCurrency, shortCode: org.shortCode };
    },
    async *listContacts(auth, read = {}) {
      const ctx = await mapContext(auth, read);
      const request = withRead({ resource: 'Contacts', collection: 'Contacts', pageSize, query: { includeArchived: read.includeArchived ?? true } }, read);
      for await (const raw of xeroPages(getJson, auth, request)) {
        const customers: Customer[] = [];
        const vendors: Party[] = [];
        const deleted: string[] = [];
        const skipped: XeroSkippedRecord[] = [];
        for (const record of raw.records) {
          const outcome = mapXeroContact(record, ctx);
          if (outcome.kind === 'skipped') skipped.push(outcome.skipped);
          else if (outcome.kind === 'deleted') deleted.push(outcome.id);
          else {
            if (outcome.customer) customers.push(outcome.customer);
            if (outcome.vendor) vendors.push(outcome.vendor);
          }
        }
        yield { page: raw.page, customers, vendors, deleted, skipped, rateLimit: raw.rateLimit, serverTime: raw.serverTime };
      }
    },
    async *listCustomers(auth, { signal }) {
      // homeCurrency is not needed: the Organisation read (cached) that gives the ShortCode for links gives it too.
      for await (const page of client.listContacts(auth, { signal })) {
        const skipped = page.skipped.filter((s): s is SkippedRecord & XeroSkippedRecord => s.entity === 'customer');
        yield { customers: page.customers, skipped } satisfies CustomerPage;
      }
    },
    listInvoices(auth, read = {}) {
      // ACCREC filtered at Xero (a simple == filter, which Xero handles well) and again in the mapper.
      return readEntity(auth, read, { resource: 'Invoices', collection: 'Invoices', pageSize, query: { where: 'Type=="ACCREC"' } }, mapXeroInvoice);
    },
    listQuotes(auth, read = {}) {
      // GET /Quotes takes `page` but no pageSize: always 100 per page.
      return readEntity(auth, read, { resource: 'Quotes', collection: 'Quotes', pageSize: null }, mapXeroQuote);
    },
    listPayments(auth, read = {}) {
      return readEntity(auth, read, { resource: 'Payments', collection: 'Payments', pageSize, query: { where: 'PaymentType=="ACCRECPAYMENT"' } }, mapXeroPayment);
    },
    listCreditNotes(auth, read = {}) {
      return readEntity(auth, read, { resource: 'CreditNotes', collection: 'CreditNotes', pageSize, query: { where: 'Type=="ACCRECCREDIT"' } }, mapXeroCreditNote);
    },
    listItems(auth, read = {}) {
      return readEntity(auth, read, { resource: 'Items', collection: 'Items' }, mapXeroItem);
    },
    deepLink(companyId, entity, id) {
      return xeroDeepLink(endpoints.appBaseUrl, organisations.get(companyId)?.shortCode ?? null, entity, id);
    },
  };
  return client;
}
