import { centsToAmount } from '../support/money';
import { msDate } from '../support/ms-date';
import { type AddressRecord, type ContactRecord, type PhoneRecord } from '../store/model';
import { contactBalances, type TenantStore } from '../store/tenant-store';

/** Empty optional fields are left out, as Xero does (FirstName is absent in examples/createContacts.200.json). */
function optional(key: string, value: string | undefined): Record<string, string> {
  return value === undefined || value === '' ? {} : { [key]: value };
}

export function wireAddress(address: AddressRecord): Record<string, unknown> {
  return {
    AddressType: address.type,
    ...optional('AddressLine1', address.line1),
    ...optional('AddressLine2', address.line2),
    City: address.city,
    Region: address.region,
    PostalCode: address.postalCode,
    Country: address.country,
    ...optional('AttentionTo', address.attentionTo),
  };
}

export function wirePhone(phone: PhoneRecord): Record<string, unknown> {
  return {
    PhoneType: phone.type,
    PhoneNumber: phone.number,
    PhoneAreaCode: phone.areaCode,
    PhoneCountryCode: phone.countryCode,
  };
}

/**
 * A contact as GET /Contacts returns it, key order as examples/getContacts.200.json. Balances appear only once the
 * contact has transactions (the example's second contact has none) and are computed from invoices on read.
 * summaryOnly leaves out the heavy parts (addresses, phones, persons, groups, balances).
 */
export function wireContact(
  store: TenantStore,
  contact: ContactRecord,
  now: number,
  options: { summaryOnly?: boolean } = {},
): Record<string, unknown> {
  const base: Record<string, unknown> = {
    ContactID: contact.contactId,
    ...optional('ContactNumber', contact.contactNumber),
    ...optional('AccountNumber', contact.accountNumber),
    ContactStatus: contact.status,
    Name: contact.name,
    ...optional('FirstName', contact.firstName),
    ...optional('LastName', contact.lastName),
    ...optional('CompanyNumber', contact.companyNumber),
    ...optional('EmailAddress', contact.email),
  };
  if (options.summaryOnly) {
    return {
      ...base,
      ...optional('TaxNumber', contact.taxNumber),
      UpdatedDateUTC: msDate(contact.updatedAt),
      IsSupplier: contact.isSupplier,
      IsCustomer: contact.isCustomer,
      ...optional('DefaultCurrency', contact.defaultCurrency),
      HasAttachments: false,
      HasValidationErrors: false,
    };
  }
  const balances = contactBalances(store, contact.contactId, now);
  return {
    ...base,
    BankAccountDetails: '',
    ...optional('TaxNumber', contact.taxNumber),
    Addresses: contact.addresses.map(wireAddress),
    Phones: contact.phones.map(wirePhone),
    UpdatedDateUTC: msDate(contact.updatedAt),
    ContactGroups: [],
    IsSupplier: contact.isSupplier,
    IsCustomer: contact.isCustomer,
    ...optional('DefaultCurrency', contact.defaultCurrency),
    ...optional('Website', contact.website),
    ...(balances.hasActivity
      ? {
          Balances: {
            AccountsReceivable: {
              Outstanding: centsToAmount(balances.receivableOutstandingCents),
              Overdue: centsToAmount(balances.receivableOverdueCents),
            },
            AccountsPayable: {
              Outstanding: centsToAmount(balances.payableOutstandingCents),
              Overdue: centsToAmount(balances.payableOverdueCents),
            },
          },
        }
      : {}),
    ContactPersons: contact.contactPersons.map((person) => ({
      FirstName: person.firstName,
      LastName: person.lastName,
      EmailAddress: person.email,
      IncludeInEmails: person.includeInEmails,
    })),
    HasAttachments: false,
    HasValidationErrors: false,
  };
}

/** The short contact embedded in invoices, payments, quotes and credit notes (examples/getInvoices.200.json). */
export function wireNestedContact(contact: ContactRecord | undefined, contactId: string): Record<string, unknown> {
  return {
    ContactID: contactId,
    Name: contact?.name ?? '',
    Addresses: [],
    Phones: [],
    ContactGroups: [],
    ContactPersons: [],
    HasValidationErrors: false,
  };
}

/** Top-level Contact properties `where` may name (xero_accounting.yaml components.schemas.Contact). */
export const CONTACT_FIELDS = new Set(
  [
    'ContactID', 'MergedToContactID', 'ContactNumber', 'AccountNumber', 'ContactStatus', 'Name', 'FirstName', 'LastName',
    'CompanyNumber', 'EmailAddress', 'ContactPersons', 'BankAccountDetails', 'TaxNumber', 'AccountsReceivableTaxType',
    'AccountsPayableTaxType', 'Addresses', 'Phones', 'IsSupplier', 'IsCustomer', 'DefaultCurrency', 'UpdatedDateUTC',
    'ContactGroups', 'Website', 'Balances', 'HasAttachments', 'HasValidationErrors',
  ].map((field) => field.toLowerCase()),
);
