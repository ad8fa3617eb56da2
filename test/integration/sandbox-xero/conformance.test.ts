import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenApi, type OpenApiDocument, validate } from './openapi-subset-validator';
import { apiHeaders, consent, firstTenant, REDIRECT_URI, startXeroHarness, tokenRequest, type XeroHarness } from './xero-harness';
import { referencePath } from '../../support/reference';

const REFERENCE = referencePath('xero') + '/';
const example = (name: string) => JSON.parse(readFileSync(`${REFERENCE}examples/${name}`, 'utf8')) as Record<string, unknown>;

let spec: OpenApiDocument;
let identitySpec: OpenApiDocument;
let harness: XeroHarness;
let headers: Record<string, string>;

beforeAll(async () => {
  spec = loadOpenApi(`${REFERENCE}xero_accounting.yaml`);
  identitySpec = loadOpenApi(`${REFERENCE}xero-identity.yaml`);
  harness = await startXeroHarness({ limits: { perMinute: 10_000 } });
  headers = apiHeaders(harness, firstTenant(harness), { 'Content-Type': 'application/json' });
});
afterAll(() => harness.close());

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(`${harness.endpoints['apiBaseUrl']}${path}`, { ...init, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function firstOf(body: Record<string, unknown>, key: string): Record<string, unknown> {
  return ((body[key] as Record<string, unknown>[] | undefined) ?? [])[0] ?? {};
}

/**
 * Keys the example shows that the sandbox may legitimately leave out for a given record (Xero omits empty optional
 * fields), e.g. CompanyNumber or RepeatingInvoiceID, plus the example's own typo "TaxNumbeType".
 */
const OPTIONAL_KEYS = new Set([
  'CompanyNumber', 'TaxNumber', 'TaxNumbeType', 'SalesDefaultLineAmountType', 'PurchasesDefaultLineAmountType',
  'RepeatingInvoiceID', 'FullyPaidOnDate', 'SentToContact', 'FirstName', 'LastName', 'BatchPaymentID', 'BatchPayment',
  'APIKey', 'EndOfYearLockDate', 'SalesTrackingCategories', 'PurchasesTrackingCategories', 'PaymentTerms', 'ContactNumber',
]);

function expectSameShape(ours: Record<string, unknown>, theirs: Record<string, unknown>, schemaName: string) {
  const schemaKeys = Object.keys((spec.components.schemas[schemaName]?.['properties'] ?? {}) as object);
  const missing = Object.keys(theirs).filter((key) => !(key in ours) && !OPTIONAL_KEYS.has(key));
  const unknown = Object.keys(ours).filter((key) => !(key in theirs) && !schemaKeys.includes(key));
  expect({ missing, unknown }).toEqual({ missing: [], unknown: [] });
}

function expectValid(schemaName: string, body: unknown, document = spec) {
  expect(validate(document, { $ref: `#/components/schemas/${schemaName}` }, body)).toEqual([]);
}

describe('conformance with the Xero OpenAPI spec and its examples', () => {
  it('the validator is not vacuous', () => {
    expect(validate(spec, { $ref: '#/components/schemas/Contacts' }, { Contacts: [{ ContactID: 'x', IsCustomer: 'yes', ContactStatus: 'GONE' }] })).toHaveLength(3);
  });

  it('GET /Contacts (paged): envelope keys and contact keys as examples/getContacts.200.json; valid Contacts', async () => {
    const { body } = await call('/Contacts?page=1');
    const reference = example('getContacts.200.json');
    expect(Object.keys(body)).toEqual(Object.keys(reference));
    expect(Object.keys(body['pagination'] as object)).toEqual(Object.keys(reference['pagination'] as object));
    const withBalances = (body['Contacts'] as Record<string, unknown>[]).find((contact) => 'Balances' in contact && 'EmailAddress' in contact) ?? {};
    expectSameShape(withBalances, firstOf(reference, 'Contacts'), 'Contact');
    expectValid('Contacts', body);
  });

  it('GET /Contacts/{id}: as examples/getContact.200.json', async () => {
    const id = harness.emulator.tenants()[0]?.contacts[0]?.contactId;
    const { body } = await call(`/Contacts/${id}`);
    const reference = example('getContact.200.json');
    expect(Object.keys(body)).toEqual(Object.keys(reference).filter((key) => key !== 'pagination'));
    expectValid('Contacts', body);
  });

  it('PUT /Contacts 200 and 400: as examples/createContacts.200.json and createContacts.400.json', async () => {
    const request = example('createContacts.request.json');
    const ok = await call('/Contacts', { method: 'PUT', body: JSON.stringify(request) });
    expect(ok.status).toBe(200);
    expect(Object.keys(ok.body)).toEqual(Object.keys(example('createContacts.200.json')));
    expectValid('Contacts', ok.body);
    const duplicate = await call('/Contacts', { method: 'PUT', body: JSON.stringify(request) });
    expect(duplicate.status).toBe(400);
    const reference = example('createContacts.400.json');
    expect(Object.keys(duplicate.body)).toEqual(Object.keys(reference));
    const element = firstOf(duplicate.body, 'Elements');
    for (const key of ['ContactID', 'Name', 'EmailAddress', 'Addresses', 'Phones', 'ContactGroups', 'ContactPersons', 'HasValidationErrors', 'ValidationErrors']) {
      expect(element).toHaveProperty(key);
    }
    expectValid('Error', duplicate.body);
  });

  it('GET /Invoices (paged): as examples/getInvoices.200.json; valid Invoices', async () => {
    const { body } = await call('/Invoices?page=1');
    const reference = example('getInvoices.200.json');
    expect(Object.keys(body)).toEqual(Object.keys(reference));
    const paid = (body['Invoices'] as Record<string, unknown>[]).find((invoice) => invoice['Status'] === 'PAID') ?? {};
    expectSameShape(paid, (reference['Invoices'] as Record<string, unknown>[])[1] ?? {}, 'Invoice');
    expectValid('Invoices', body);
  });

  it('GET /Items: no pagination, keys as examples/getItems.200.json; valid Items', async () => {
    const { body } = await call('/Items');
    const reference = example('getItems.200.json');
    expect(Object.keys(body)).toEqual(Object.keys(reference));
    expectSameShape(firstOf(body, 'Items'), firstOf(reference, 'Items'), 'Item');
    expectValid('Items', body);
  });

  it('GET /Organisation: as examples/getOrganisations.200.json; valid Organisations', async () => {
    const { body } = await call('/Organisation');
    const reference = example('getOrganisations.200.json');
    expect(Object.keys(body)).toEqual(Object.keys(reference));
    expectSameShape(firstOf(body, 'Organisations'), firstOf(reference, 'Organisations'), 'Organisation');
    expectValid('Organisations', body);
  });

  it('GET /Payments, /CreditNotes, /Quotes and the aged receivables report validate', async () => {
    const payments = await call('/Payments?page=1');
    expectSameShape(firstOf(payments.body, 'Payments'), firstOf(example('getPayments.200.json'), 'Payments'), 'Payment');
    expectValid('Payments', payments.body);
    const creditNotes = await call('/CreditNotes?page=1');
    expectSameShape(firstOf(creditNotes.body, 'CreditNotes'), firstOf(example('getCreditNotes.200.json'), 'CreditNotes'), 'CreditNote');
    expectValid('CreditNotes', creditNotes.body);
    expectValid('Quotes', (await call('/Quotes')).body);
    const contactId = harness.emulator.tenants()[0]?.contacts[0]?.contactId;
    const report = await call(`/Reports/AgedReceivablesByContact?contactId=${contactId}`);
    expect(Object.keys(firstOf(report.body, 'Reports'))).toEqual(Object.keys(firstOf(example('getReportAgedReceivablesByContact.200.json'), 'Reports')));
    expectValid('ReportWithRows', report.body);
  });

  it('GET /connections: keys as recorded/test_get_connections.yaml plus the spec; valid Connection[]', async () => {
    const { code } = await consent(harness, [firstTenant(harness)]);
    const token = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    const response = await fetch(harness.endpoints['connectionsUrl'] ?? '', { headers: { Authorization: `Bearer ${String(token.body['access_token'])}` } });
    const body = (await response.json()) as Record<string, unknown>[];
    const recorded = ['id', 'tenantId', 'tenantType', 'createdDateUtc', 'updatedDateUtc'];
    for (const key of recorded) expect(body[0]).toHaveProperty(key);
    expect(validate(identitySpec, { type: 'array', items: { $ref: '#/components/schemas/Connection' } }, body)).toEqual([]);
    expect(validate(identitySpec, { $ref: '#/components/schemas/AccessToken' }, token.body)).toEqual([]);
  });
});
