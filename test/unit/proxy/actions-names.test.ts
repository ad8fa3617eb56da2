import { describe, expect, it } from 'vitest';
import type { Address } from '../../../lib/model';
import type { NewCustomer } from '../../../lib/proxy-api';
import { addressesFor, customerDraft } from '../../../proxy-server/actions/customer-draft';
import { normalizeName, sameName, searchToken } from '../../../proxy-server/actions/name-normalizer';

describe('normalizeName', () => {
  it.each([
    ['Acme, Inc.', 'acme'],
    ['ACME Inc', 'acme'],
    ['Acme Holdings Pty Ltd', 'acme holdings'],
    ['The Widget Company', 'widget'],
    ['Smith & Sons LLC', 'smith and sons'],
    ['Smith and Sons', 'smith and sons'],
    ["Amy's Bird Sanctuary", 'amys bird sanctuary'],
    ['Café Müller GmbH', 'cafe muller'],
    ['  Jane   Doe ', 'jane doe'],
    ['Inc', 'inc'],
    ['The', 'the'],
    ['---', ''],
  ])('%s → %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

describe('sameName', () => {
  it.each([
    ['Acme, Inc.', 'acme', true],
    ['Doe, Jane', 'Jane Doe', true],
    ["O'Brien Plumbing", 'OBrien Plumbing Ltd', true],
    ['Acme', 'Acme West', false],
    ['', '', false],
  ])('%s vs %s → %s', (a, b, expected) => {
    expect(sameName(a, b)).toBe(expected);
  });
});

describe('searchToken', () => {
  it.each([
    ["Amy's Bird Sanctuary", 'Sanctuary'],
    ['Acme, Inc.', 'Acme'],
    ['Jo Li', 'Jo'],
    ['!!', null],
  ])('%s → %s', (input, expected) => {
    expect(searchToken(input)).toBe(expected);
  });
});

const home: Address = { line1: '1 Home Rd', line2: null, city: 'Leeds', region: null, postalCode: 'LS1', country: 'GB' };
const office: Address = { line1: '9 Office St', line2: null, city: 'York', region: null, postalCode: 'YO1', country: 'GB' };

const person = (over: Partial<NewCustomer> = {}): NewCustomer => ({
  kind: 'person',
  displayName: 'J. Doe',
  givenName: 'Jane',
  familyName: 'Doe',
  companyName: null,
  emails: ['jane@example.com'],
  phone: null,
  personalAddress: home,
  companyAddress: office,
  currency: null,
  ...over,
});

describe('address rule', () => {
  it.each([
    ['consumer: personal address', person(), home],
    ['contact with a company: company address', person({ companyName: 'Acme' }), office],
    ['contact with a company, no company address: none', person({ companyName: 'Acme', companyAddress: null }), null],
    ['company: company address', person({ kind: 'company', companyName: 'Acme' }), office],
    ['company with only one address field', person({ kind: 'company', companyName: 'Acme', companyAddress: null }), home],
    ['consumer without address', person({ personalAddress: null }), null],
  ])('%s', (_name, input, expected) => {
    expect(addressesFor(input)).toEqual({ billing: expected, shipping: expected });
  });
});

describe('customerDraft names', () => {
  it('person: Given/Family, DisplayName "Given Family"', () => {
    const draft = customerDraft(person({ companyName: 'Acme' }));
    expect(draft).toMatchObject({ displayName: 'Jane Doe', givenName: 'Jane', familyName: 'Doe', companyName: 'Acme' });
  });
  it('person without name parts keeps the CRM display name', () => {
    expect(customerDraft(person({ givenName: null, familyName: null })).displayName).toBe('J. Doe');
  });
  it('company: CompanyName = DisplayName', () => {
    const draft = customerDraft(person({ kind: 'company', displayName: 'ACME', companyName: 'Acme Ltd', givenName: null, familyName: null }));
    expect(draft).toMatchObject({ displayName: 'Acme Ltd', companyName: 'Acme Ltd' });
  });
});
