import { describe, expect, it } from 'vitest';
import type { CrmAdapter } from '../../../lib/crm/adapter';
import { salesforceId18 } from '../../../lib/crm/adapters/salesforce';
import { matchPatternToRegExp } from '../../../lib/crm/adapters/custom-site';
import { adaptersById } from './adapters-under-test';

/** URL → route tables: record pages (with their key parts) and the CRM's other pages (null). */
const cases: Record<string, { record: [string, { kind: string; object: string; id: string; tenant: string }][]; other: string[] }> = {
  salesforce: {
    record: [
      ['https://acme.lightning.force.com/lightning/r/Lead/00Q5e00000AbCdEEA1/view', { kind: 'person', object: 'Lead', id: '00Q5e00000AbCdEEA1', tenant: 'acme' }],
      ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Account/0015e00000XyZab/view', { kind: 'company', object: 'Account', id: '0015e00000XyZabAAF', tenant: 'acme--uat.sandbox' }],
    ],
    other: [
      'https://acme.lightning.force.com/lightning/o/Contact/list',
      'https://acme.lightning.force.com/lightning/r/Opportunity/0065e00000AbCdeAAA/view',
      'https://acme.lightning.force.com/lightning/r/Contact/0035e00000ABCdeAAH/related/Cases/view',
      'https://evil.example/lightning/r/Contact/0035e00000ABCdeAAH/view',
    ],
  },
  pipedrive: {
    record: [['https://acme.pipedrive.com/organization/45/', { kind: 'company', object: 'organization', id: '45', tenant: 'acme' }]],
    other: ['https://acme.pipedrive.com/deal/912', 'https://acme.pipedrive.com/persons/list', 'https://pipedrive.com/person/1'],
  },
  zoho: {
    record: [
      ['https://crm.zoho.eu/crm/org20071234567/tab/Leads/5725767000000413001', { kind: 'person', object: 'Leads', id: '5725767000000413001', tenant: 'org20071234567' }],
      ['https://crm.zoho.com/crm/tab/Accounts/4876876000000624001', { kind: 'company', object: 'Accounts', id: '4876876000000624001', tenant: 'crm.zoho.com' }],
    ],
    other: ['https://crm.zoho.com/crm/org1/tab/Potentials/123', 'https://crm.zoho.com/crm/org1/tab/Contacts/create', 'https://mail.zoho.com/crm/org1/tab/Contacts/1'],
  },
  dynamics: {
    record: [['https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=a1b2c3d4-e5f6-4711-8899-aabbccddeeff', { kind: 'person', object: 'lead', id: 'a1b2c3d4-e5f6-4711-8899-aabbccddeeff', tenant: 'contoso.crm' }]],
    other: [
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact', // new record form: no id yet
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=opportunity&id=a1b2c3d4-e5f6-4711-8899-aabbccddeeff',
      'https://contoso.crm.dynamics.com/main.aspx?pagetype=dashboard',
      'https://make.powerapps.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=a1b2c3d4-e5f6-4711-8899-aabbccddeeff',
    ],
  },
  close: {
    record: [['https://app.close.com/lead/lead_abc123/activity/', { kind: 'company', object: 'lead', id: 'lead_abc123', tenant: 'app.close.com' }]],
    other: ['https://app.close.com/leads/', 'https://app.close.com/inbox/', 'https://close.com/lead/lead_abc123/'],
  },
  copper: {
    record: [
      ['https://app.copper.com/companies/123456/app#/contact/987654', { kind: 'person', object: 'person', id: '987654', tenant: '123456' }],
      ['https://app.copper.com/companies/123456/app#/people/987654/activity', { kind: 'person', object: 'person', id: '987654', tenant: '123456' }],
    ],
    other: ['https://app.copper.com/companies/123456/app#/browse/list/people/default', 'https://app.copper.com/companies/123456/app', 'https://app.copper.com/companies/123456/app#/opportunity/5'],
  },
  freshsales: {
    record: [['https://acme.myfreshworks.com/crm/sales/accounts/12000004567/activities', { kind: 'company', object: 'accounts', id: '12000004567', tenant: 'acme' }]],
    other: ['https://acme.myfreshworks.com/crm/sales/contacts/view/12000000001', 'https://acme.myfreshworks.com/crm/sales/deals/1', 'https://acme.myfreshworks.com/crm/messaging/contacts/1'],
  },
  attio: {
    record: [['https://app.attio.com/acme/person/record/0F3E5A7B-1C2D-4E5F-8A9B-0C1D2E3F4A5B', { kind: 'person', object: 'person', id: '0f3e5a7b-1c2d-4e5f-8a9b-0c1d2e3f4a5b', tenant: 'acme' }]],
    other: ['https://app.attio.com/acme/people', 'https://app.attio.com/acme/deals/record/0f3e5a7b', 'https://app.attio.com/acme/companies/view/abc'],
  },
};

function adapter(id: string): CrmAdapter {
  const found = adaptersById[id];
  if (!found) throw new Error(id);
  return found;
}

describe.each(Object.entries(cases))('%s.matchUrl', (id, { record, other }) => {
  it.each(record)('recognises %s', (url, route) => {
    expect(adapter(id).matchUrl(new URL(url))).toEqual(route);
  });
  it.each(other)('ignores %s', (url) => {
    expect(adapter(id).matchUrl(new URL(url))).toBeNull();
  });
});

describe('one record, one key, whichever URL spelling the user followed', () => {
  it('Salesforce 15- and 18-character ids', () => {
    expect(salesforceId18('0035e00000ABCde')).toBe('0035e00000ABCdeAAH');
    const a = adapter('salesforce').matchUrl(new URL('https://acme.lightning.force.com/lightning/r/Contact/0035e00000ABCde/view'));
    const b = adapter('salesforce').matchUrl(new URL('https://acme.lightning.force.com/lightning/r/Contact/0035e00000ABCdeAAH/view'));
    expect(a).toEqual(b);
  });
  it('Dynamics GUIDs with or without braces, any case', () => {
    const base = 'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=contact&id=';
    expect(adapter('dynamics').matchUrl(new URL(`${base}%7BA1B2C3D4-E5F6-4711-8899-AABBCCDDEEFF%7D`))).toEqual(
      adapter('dynamics').matchUrl(new URL(`${base}a1b2c3d4-e5f6-4711-8899-aabbccddeeff`)),
    );
  });
  it('Attio people/person and companies/company', () => {
    const id = '5b9f3c1e-2d4a-4f6b-8c7d-9e0f1a2b3c4d';
    expect(adapter('attio').matchUrl(new URL(`https://app.attio.com/acme/companies/record/${id}`))).toEqual(
      adapter('attio').matchUrl(new URL(`https://app.attio.com/acme/company/record/${id}/overview`)),
    );
  });
  it('generic pages ignore a trailing slash and keep the query', () => {
    const g = adapter('generic');
    expect(g.matchUrl(new URL('https://x.example/a/b/'))).toEqual(g.matchUrl(new URL('https://x.example/a/b')));
    expect(g.matchUrl(new URL('https://x.example/p?id=1'))?.id).toBe('/p?id=1');
    expect(g.matchUrl(new URL('file:///tmp/x.html'))).toBeNull();
  });
});

describe('matchPatternToRegExp (custom sites)', () => {
  it.each([
    ['https://crm.example.com/clients/*', 'https://crm.example.com/clients/12', true],
    ['https://crm.example.com/clients/*', 'https://crm.example.com:8443/clients/12', true],
    ['https://crm.example.com/clients/*', 'https://crm.example.com/invoices/12', false],
    ['*://*.example.com/*', 'http://a.b.example.com/x', true],
    ['*://*.example.com/*', 'https://example.com/', true],
    ['*://*.example.com/*', 'https://notexample.com/', false],
    ['<all_urls>', 'https://anything.test/', true],
  ] as const)('%s on %s → %s', (pattern, url, expected) => {
    expect(matchPatternToRegExp(pattern).test(url)).toBe(expected);
  });
  it('rejects what is not a pattern', () => {
    expect(() => matchPatternToRegExp('crm.example.com')).toThrow(/match pattern/);
  });
});
