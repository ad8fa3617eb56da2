import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffShapes } from '../../support/shape.js';
import { basicAuth, openSandbox, SANDBOX_CLIENT, type OpenSandbox } from './sandbox-client.js';
import { referencePath } from '../../support/reference';

/**
 * Conformance: for real recorded QBO exchanges (../shared/reference/qbo/recorded, qbo/oauth), send the counterpart
 * request to the sandbox and compare the response shape — keys at every level, JSON types, envelopes.
 */
const REFERENCE = referencePath('qbo');

interface Recording {
  request: { method: string; uri: string };
  status: { code: number };
  body_json: unknown;
}

const recording = (name: string): Recording => JSON.parse(readFileSync(join(REFERENCE, 'recorded', `${name}.json`), 'utf8')) as Recording;
// The Intuit SDK's OAuth fixtures start with a UTF-8 BOM (reference README).
const oauthFixture = (name: string): unknown => JSON.parse(readFileSync(join(REFERENCE, 'oauth', `${name}.json`), 'utf8').replace(/^\uFEFF/, ''));

/** Optional customer fields QBO omits when empty; the seeded customers have no geocodes, fax, mobile, web or tax code. */
const CUSTOMER_OPTIONAL = ['BillAddr.Lat', 'BillAddr.Long', 'ShipAddr.Lat', 'ShipAddr.Long', 'DefaultTaxCodeRef', 'Fax', 'Mobile', 'WebAddr', 'MiddleName'];
/** PhysicalAddress.Country (Finance.xsd) — real, but absent from the US sandbox recordings. */
const CUSTOMER_EXTRA = ['BillAddr.Country', 'ShipAddr.Country'];
/** Present only on sub-customers; which recorded ids are sub-customers differs from the seed's. */
const SUB_CUSTOMER_ONLY = ['ParentRef', 'Level'];
const under = (prefix: string, paths: string[]): string[] => paths.map((path) => `${prefix}.${path}`);

/** The statement of a recorded query URI, for replay against a sandbox realm. */
const statementOf = (uri: string): string => new URL(uri).searchParams.get('query') ?? '';

let s: OpenSandbox;
let realmId: string;
let token: string;
beforeAll(async () => {
  s = await openSandbox();
  realmId = s.companies[0]?.id ?? '';
  token = await s.tokenFor(realmId);
});
afterAll(async () => {
  await s.sandbox.close();
});

describe('QBO sandbox conforms to recorded exchanges', () => {
  it.each(['all__customers__0', 'all__customers__1', 'get__display_name__0', 'all__alt_select__0', 'all__alt_select__1', 'all__alt_select__2', 'all__alt_select__3', 'all__alt_select__4'])(
    '%s: same status and shape',
    async (name) => {
      const recorded = recording(name);
      const response = await s.query(realmId, statementOf(recorded.request.uri), token);
      expect(response.status).toBe(recorded.status.code);
      // all__customers__1 lists every customer, sub-customers included, in both worlds: there ParentRef must appear.
      const optional = name === 'all__customers__1' ? CUSTOMER_OPTIONAL : [...CUSTOMER_OPTIONAL, ...SUB_CUSTOMER_ONLY];
      const options = { mayLack: under('QueryResponse.Customer[]', optional), mayAdd: under('QueryResponse.Customer[]', CUSTOMER_EXTRA) };
      expect(diffShapes(recorded.body_json, await response.json(), options)).toEqual([]);
    },
  );

  it('get__id__0: a customer read by id', async () => {
    const recorded = recording('get__id__0');
    const response = await s.qboGet(realmId, 'customer/5', token);
    expect(response.status).toBe(200);
    // Customer 5 in the recording is a business with a contact; the sandbox's "Cher" has a given name only.
    const body = (await response.json()) as Record<string, unknown>;
    const business = await (await s.qboGet(realmId, 'customer/15', token)).json();
    expect(diffShapes(recorded.body_json, business, { mayLack: under('Customer', CUSTOMER_OPTIONAL), mayAdd: under('Customer', CUSTOMER_EXTRA) })).toEqual([]);
    expect(diffShapes(recorded.body_json, body, { mayLack: under('Customer', [...CUSTOMER_OPTIONAL, 'FamilyName', 'CompanyName']), mayAdd: under('Customer', CUSTOMER_EXTRA) })).toEqual([]);
  });

  it('error__401__0: an expired token', async () => {
    const recorded = recording('error__401__0');
    const expiring = await s.tokenFor(realmId);
    await s.control('clock', { advanceSeconds: 3601 });
    const response = await s.qboGet(realmId, 'customer/1', expiring);
    expect(response.status).toBe(recorded.status.code);
    expect(diffShapes(recorded.body_json, await response.json())).toEqual([]);
    token = await s.tokenFor(realmId);
  });

  it('error__400__1: a misspelt entity', async () => {
    const recorded = recording('error__400__1');
    const response = await s.query(realmId, statementOf(recorded.request.uri), token);
    expect(response.status).toBe(recorded.status.code);
    const body = await response.json();
    expect(diffShapes(recorded.body_json, body)).toEqual([]);
    expect(body).toMatchObject({ Fault: { Error: [{ code: '4001', Detail: 'QueryValidationError: invalid context declaration: Custmoer' }] } });
  });

  it('success_token_response / success_refreshtoken_response: token endpoint bodies', async () => {
    const redirectUri = 'http://127.0.0.1:9/cb';
    const form = new URLSearchParams({ client_id: SANDBOX_CLIENT.id, redirect_uri: redirectUri, response_type: 'code', scope: 'com.intuit.quickbooks.accounting openid', state: 's', company: realmId, decision: 'allow' });
    const consent = await fetch(s.endpoints.qbo.authorizeUrl, { method: 'POST', body: form, redirect: 'manual' });
    const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const post = (body: Record<string, string>) =>
      fetch(s.endpoints.qbo.tokenUrl, { method: 'POST', headers: { authorization: basicAuth() }, body: new URLSearchParams(body) });
    const tokens = (await (await post({ grant_type: 'authorization_code', code, redirect_uri: redirectUri })).json()) as { refresh_token: string };
    expect(diffShapes(oauthFixture('success_token_response'), tokens)).toEqual([]);
    const refreshed = await (await post({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json();
    expect(diffShapes(oauthFixture('success_refreshtoken_response'), refreshed)).toEqual([]);
    const failure = await (await post({ grant_type: 'refresh_token', refresh_token: 'unknown' })).json();
    expect(diffShapes(oauthFixture('failure_token_response'), failure, { mayLack: ['error_description'] })).toEqual([]);
  });
});
