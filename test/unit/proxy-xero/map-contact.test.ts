import { describe, expect, it } from 'vitest';
import { contactEmails, contactRoles, mapXeroContact, type ContactOutcome } from '../../../proxy-server/providers/xero/map-contact';
import { ctx, recordOf } from './fixtures';

function contact(outcome: ContactOutcome) {
  if (outcome.kind !== 'contact') throw new Error(`expected a contact, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('mapXeroContact (examples/getContacts.200.json)', () => {
  it('maps a customer-and-supplier contact to a Customer and a vendor Party', () => {
    const { customer, vendor } = contact(mapXeroContact(recordOf('getContacts.200.json', 'Contacts', 0), ctx));
    expect(customer).toEqual({
      provider: 'xero',
      companyId: ctx.companyId,
      connectionId: 'conn-1',
      id: '5cc8cf28-567e-4d43-b287-687cfcaec47c',
      displayName: 'Katherine Warren',
      companyName: null, // Name only repeats the person's name
      givenName: 'Katherine',
      familyName: 'Warren',
      emails: ['kat.warren@clampett.com'],
      phone: '(626) 847-1294',
      billingAddress: { line1: null, line2: null, city: 'Palo Alto', region: 'CA', postalCode: '94020', country: 'United States' },
      shippingAddress: null, // the STREET address is all blanks
      currency: 'NZD', // no DefaultCurrency: the organisation's base currency
      balance: '760',
      overdue: '920',
      active: true,
      parentId: null,
      updatedAt: '2017-08-21T20:49:04.227Z',
      webUrl: 'https://go.xero.com/organisationlogin/default.aspx?shortcode=!mBdtL&redirecturl=/Contacts/View/5cc8cf28-567e-4d43-b287-687cfcaec47c',
    });
    expect(vendor).toEqual({
      provider: 'xero',
      companyId: ctx.companyId,
      connectionId: 'conn-1',
      id: '5cc8cf28-567e-4d43-b287-687cfcaec47c',
      updatedAt: '2017-08-21T20:49:04.227Z',
      displayName: 'Katherine Warren',
      emails: ['kat.warren@clampett.com'],
      active: true,
    });
  });

  it('a contact with neither flag and no Balances is a customer owing nothing', () => {
    const { customer, vendor } = contact(mapXeroContact(recordOf('getContacts.200.json', 'Contacts', 1), ctx));
    expect(customer).toMatchObject({ displayName: 'Lisa Parker', balance: '0', overdue: '0' });
    expect(vendor).toBeNull();
  });

  it('balances are in the contact DefaultCurrency, not converted', () => {
    const raw = { ...recordOf('getContacts.200.json', 'Contacts', 0), DefaultCurrency: 'usd' };
    expect(contact(mapXeroContact(raw, ctx)).customer).toMatchObject({ currency: 'USD', balance: '760', overdue: '920' });
  });

  it('supplier-only contacts are vendors only', () => {
    const raw = { ...recordOf('getContacts.200.json', 'Contacts', 0), IsCustomer: false, IsSupplier: true };
    const outcome = contact(mapXeroContact(raw, ctx));
    expect(outcome.customer).toBeNull();
    expect(outcome.vendor?.displayName).toBe('Katherine Warren');
    expect(contactRoles({})).toEqual({ customer: true, vendor: false });
  });

  it('emails: EmailAddress plus contact persons that are included in emails, deduplicated', () => {
    const raw = {
      ...recordOf('getContacts.200.json', 'Contacts', 0),
      Name: 'Clampett Oil',
      ContactPersons: [
        { FirstName: 'A', EmailAddress: 'a@clampett.com', IncludeInEmails: true },
        { FirstName: 'B', EmailAddress: 'b@clampett.com', IncludeInEmails: false },
        { FirstName: 'C', EmailAddress: 'KAT.WARREN@clampett.com', IncludeInEmails: true },
        { FirstName: 'D', EmailAddress: '  ', IncludeInEmails: true },
      ],
    };
    const customer = contact(mapXeroContact(raw, ctx)).customer;
    expect(customer?.emails).toEqual(['kat.warren@clampett.com', 'a@clampett.com']);
    expect(customer?.companyName).toBe('Clampett Oil');
    expect(contactEmails({ EmailAddress: undefined, ContactPersons: undefined })).toEqual([]);
  });

  it('addresses: POBOX is billing, STREET is shipping; extra lines join line2; phone with country code', () => {
    const raw = {
      ...recordOf('getContacts.200.json', 'Contacts', 0),
      Addresses: [
        { AddressType: 'STREET', AddressLine1: '1 Main St', AddressLine2: 'Unit 4', AddressLine3: 'Rear', City: 'Auckland', Country: 'NZ' },
        { AddressType: 'POBOX', AddressLine1: 'PO Box 9', City: 'Wellington', PostalCode: '6011' },
      ],
      Phones: [
        { PhoneType: 'DEFAULT', PhoneNumber: '' },
        { PhoneType: 'MOBILE', PhoneNumber: '555 1234', PhoneAreaCode: '21', PhoneCountryCode: '64' },
      ],
    };
    const customer = contact(mapXeroContact(raw, ctx)).customer;
    expect(customer?.shippingAddress).toEqual({ line1: '1 Main St', line2: 'Unit 4, Rear', city: 'Auckland', region: null, postalCode: null, country: 'NZ' });
    expect(customer?.billingAddress).toEqual({ line1: 'PO Box 9', line2: null, city: 'Wellington', region: null, postalCode: '6011', country: null });
    expect(customer?.phone).toBe('+64 21 555 1234');
  });

  it('archived contacts are inactive; GDPR-erased contacts are deletions', () => {
    const archived = { ...recordOf('getContacts.200.json', 'Contacts', 1), ContactStatus: 'ARCHIVED' };
    expect(contact(mapXeroContact(archived, ctx)).customer?.active).toBe(false);
    const erased = { ...recordOf('getContacts.200.json', 'Contacts', 1), ContactStatus: 'GDPRREQUEST' };
    expect(mapXeroContact(erased, ctx)).toEqual({ kind: 'deleted', id: '3ec601ad-eddc-4ccb-a8ac-736e88293b1b' });
  });

  it('no name at all → skipped no_name; first/last name alone is enough', () => {
    const base = recordOf('getContacts.200.json', 'Contacts', 1);
    expect(mapXeroContact({ ...base, Name: ' ', FirstName: '', LastName: undefined }, ctx)).toMatchObject({
      kind: 'skipped',
      skipped: { entity: 'customer', providerId: '3ec601ad-eddc-4ccb-a8ac-736e88293b1b', reason: 'no_name' },
    });
    expect(contact(mapXeroContact({ ...base, Name: undefined }, ctx)).customer?.displayName).toBe('Lisa Parker');
  });

  it('malformed records are skipped with a reason, never thrown', () => {
    expect(mapXeroContact(null, ctx)).toMatchObject({ kind: 'skipped', skipped: { providerId: null, reason: 'malformed' } });
    expect(mapXeroContact({ Name: 'No id' }, ctx)).toMatchObject({ kind: 'skipped', skipped: { reason: 'malformed' } });
    const badBalance = { ...recordOf('getContacts.200.json', 'Contacts', 0), Balances: { AccountsReceivable: { Outstanding: 'lots' } } };
    expect(mapXeroContact(badBalance, ctx)).toMatchObject({ kind: 'skipped', skipped: { reason: 'malformed', providerId: '5cc8cf28-567e-4d43-b287-687cfcaec47c' } });
    const noCurrency = mapXeroContact(recordOf('getContacts.200.json', 'Contacts', 1), { ...ctx, baseCurrency: null });
    expect(noCurrency).toMatchObject({ kind: 'skipped', skipped: { reason: 'currency_unsupported' } });
  });

  it('an unreadable UpdatedDateUTC gets a stable time (not now), so the record does not churn', () => {
    const raw = { ...recordOf('getContacts.200.json', 'Contacts', 1), UpdatedDateUTC: 'yesterday-ish' };
    expect(contact(mapXeroContact(raw, ctx)).customer?.updatedAt).toBe('1970-01-01T00:00:00.000Z');
  });

  it('money strings and float noise become exact decimal strings', () => {
    const raw = { ...recordOf('getContacts.200.json', 'Contacts', 0), Balances: { AccountsReceivable: { Outstanding: 0.1 + 0.2, Overdue: '12.50' } } };
    expect(contact(mapXeroContact(raw, ctx)).customer).toMatchObject({ balance: '0.3', overdue: '12.5' });
  });
});
