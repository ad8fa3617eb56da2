import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CustomerSchema } from '../../../lib/model';
import { mapQboCustomer, splitEmails } from '../../../proxy-server/providers/qbo/map-customer';
import { createQboClient, qboDeepLink } from '../../../proxy-server/providers/qbo/qbo-client';
import { ProviderError, type ApiAuth } from '../../../proxy-server/providers/provider-client';
import { referencePath } from '../../support/reference';

const ctx = {
  connectionId: 'conn_1',
  companyId: '4620816365',
  homeCurrency: 'USD',
  deepLink: (id: string) => qboDeepLink('https://app.qbo.intuit.com', '4620816365', id),
};

describe('mapQboCustomer', () => {
  it('maps every recorded sandbox customer (reference qbo/recorded) to a valid Customer', () => {
    const recorded = JSON.parse(readFileSync(referencePath('qbo/recorded/all__customers__1.json'), 'utf8')) as {
      body_json: { QueryResponse: { Customer: unknown[] } };
    };
    const customers = recorded.body_json.QueryResponse.Customer;
    expect(customers.length).toBeGreaterThan(10);
    for (const raw of customers) {
      const mapped = mapQboCustomer(raw, ctx);
      expect(mapped.ok).toBe(true);
      if (mapped.ok) expect(CustomerSchema.safeParse(mapped.customer).success).toBe(true);
    }
    const amy = mapQboCustomer(customers[0], ctx);
    expect(amy.ok && amy.customer).toMatchObject({
      id: '1',
      displayName: "Amy's Bird Sanctuary",
      givenName: 'Amy',
      familyName: 'Lauterbach',
      emails: ['Birds@Intuit.com'],
      phone: '(650) 555-3311',
      balance: '639',
      currency: 'USD',
      billingAddress: { line1: '4581 Finch St.', city: 'Bayshore', region: 'CA', postalCode: '94326', line2: null, country: null },
      webUrl: 'https://app.qbo.intuit.com/app/customerdetail?nameId=1&deeplinkcompanyid=4620816365',
      updatedAt: '2020-09-29T13:02:35.000Z',
    });
  });

  it('handles awkward records: several emails, sub-customer, no names, float balance, inactive', () => {
    const mapped = mapQboCustomer(
      {
        Id: 77,
        CompanyName: '  ',
        GivenName: 'Zoë',
        PrimaryEmailAddr: { Address: 'a@x.com, b@y.com;;  c@z.com ,' },
        Balance: 0.1 + 0.2,
        CurrencyRef: { value: 'eur' },
        Active: false,
        ParentRef: { value: '12' },
        MetaData: { LastUpdatedTime: 'not a date' },
      },
      ctx,
    );
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.customer).toMatchObject({
      id: '77',
      displayName: 'Zoë',
      companyName: null,
      emails: ['a@x.com', 'b@y.com', 'c@z.com'],
      balance: '0.3',
      currency: 'EUR',
      active: false,
      parentId: '12',
      billingAddress: null,
      updatedAt: '1970-01-01T00:00:00.000Z',
    });
  });

  it('falls back to the home currency and a zero balance when QBO omits them', () => {
    const mapped = mapQboCustomer({ Id: '5', DisplayName: 'Bare' }, ctx);
    expect(mapped.ok && mapped.customer).toMatchObject({ currency: 'USD', balance: '0', emails: [], phone: null });
  });

  it.each([
    ['no Id', { DisplayName: 'x' }, 'malformed'],
    ['not an object', 'hello', 'malformed'],
    ['null', null, 'malformed'],
    ['a balance that is not a number', { Id: '9', Balance: 'lots' }, 'malformed'],
    ['an infinite balance', { Id: '9', Balance: Number.POSITIVE_INFINITY }, 'malformed'],
    ['a balance too large to write as a decimal', { Id: '9', DisplayName: 'Big', Balance: 1e21 }, 'provider_validation'],
    ['emails of the wrong type', { Id: '9', PrimaryEmailAddr: { Address: 42 } }, 'malformed'],
    ['no name of any kind', { Id: '9', DisplayName: ' ' }, 'no_name'],
  ])('skips a record with %s, with a reason', (_label, raw, reason) => {
    const mapped = mapQboCustomer(raw, ctx);
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.skipped.reason).toBe(reason);
  });

  it('skips a record with no currency when the home currency is unknown', () => {
    const mapped = mapQboCustomer({ Id: '3' }, { ...ctx, homeCurrency: null });
    expect(!mapped.ok && mapped.skipped.reason).toBe('currency_unsupported');
  });

  it('splitEmails trims and drops empties', () => {
    expect(splitEmails(undefined)).toEqual([]);
    expect(splitEmails(' a@b.c ')).toEqual(['a@b.c']);
  });
});

describe('QBO client against malformed responses', () => {
  const auth: ApiAuth = { companyId: '1', connectionId: 'c', accessToken: async () => 'AT' };
  const client = (body: string, status = 200) =>
    createQboClient({
      clientId: 'id',
      clientSecret: 'secret',
      environment: 'sandbox',
      redirectUri: 'http://127.0.0.1/oauth/qbo/callback',
      endpoints: {
        authorizeUrl: 'http://q/auth',
        tokenUrl: 'http://q/token',
        revokeUrl: 'http://q/revoke',
        apiBaseUrl: 'http://q',
        appBaseUrl: 'http://q/app',
      },
      clock: { now: () => 0 },
      fetch: async () => new Response(body, { status, headers: { 'Content-Type': 'application/json' } }),
    });
  const firstPage = async (body: string, status?: number) => {
    for await (const page of client(body, status).listCustomers(auth, { homeCurrency: 'USD' })) return page;
    return null;
  };

  it.each([
    ['HTML instead of JSON', '<html>oops</html>', 'malformed_response'],
    ['a wrong envelope', '{"Customers":[]}', 'malformed_response'],
    ['a Fault inside HTTP 200', '{"Fault":{"Error":[{"Message":"Invalid query","code":"4000"}],"type":"ValidationFault"}}', 'rejected'],
  ])('turns %s into a ProviderError', async (_label, body, kind) => {
    const error = await firstPage(body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).kind).toBe(kind);
  });

  it('reads an empty QueryResponse as an empty, final page', async () => {
    expect(await firstPage('{"QueryResponse":{},"time":"2020-01-01T00:00:00Z"}')).toEqual({ customers: [], skipped: [] });
  });

  it('maps HTTP 401 twice (after a refresh attempt) to unauthorized, and 5xx to unavailable', async () => {
    const unauthorized = await firstPage('{"fault":{"error":[]}}', 401).catch((e: unknown) => e);
    expect((unauthorized as ProviderError).kind).toBe('unauthorized');
    const down = await firstPage('{"x":1}', 503).catch((e: unknown) => e);
    expect((down as ProviderError).kind).toBe('unavailable');
  });

  it('rejects a callback without realmId', async () => {
    const error = await client('{}')
      .exchangeCode(new URL('http://127.0.0.1/oauth/qbo/callback?code=abc&state=s'))
      .catch((e: unknown) => e);
    expect((error as ProviderError).kind).toBe('malformed_response');
  });
});
