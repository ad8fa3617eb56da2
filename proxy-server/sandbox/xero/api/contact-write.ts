import { EMPTY_GUID, newGuid } from '../support/guid';
import { type AddressRecord, type ContactRecord, type PhoneRecord } from '../store/model';
import { addContact, touchContacts, type TenantStore } from '../store/tenant-store';
import { stringField } from './query-helpers';
import { messages } from './validation-error';

export const MAX_CONTACT_NAME = 255;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type ContactWriteOutcome =
  | { ok: true; contact: ContactRecord; created: boolean; apply: () => void }
  | { ok: false; element: Record<string, unknown> };

function addressesFrom(raw: unknown): AddressRecord[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.flatMap((item): AddressRecord[] => {
    if (typeof item !== 'object' || item === null) return [];
    const a = item as Record<string, unknown>;
    const type = stringField(a, 'AddressType') === 'STREET' ? 'STREET' : 'POBOX';
    return [{
      type,
      line1: stringField(a, 'AddressLine1') ?? '',
      line2: stringField(a, 'AddressLine2') ?? '',
      city: stringField(a, 'City') ?? '',
      region: stringField(a, 'Region') ?? '',
      postalCode: stringField(a, 'PostalCode') ?? '',
      country: stringField(a, 'Country') ?? '',
      attentionTo: stringField(a, 'AttentionTo') ?? '',
    }];
  });
}

function phonesFrom(raw: unknown): PhoneRecord[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const allowed = ['DEFAULT', 'DDI', 'MOBILE', 'FAX'] as const;
  return raw.flatMap((item): PhoneRecord[] => {
    if (typeof item !== 'object' || item === null) return [];
    const p = item as Record<string, unknown>;
    const type = allowed.find((candidate) => candidate === stringField(p, 'PhoneType')) ?? 'DEFAULT';
    return [{
      type,
      number: stringField(p, 'PhoneNumber') ?? '',
      areaCode: stringField(p, 'PhoneAreaCode') ?? '',
      countryCode: stringField(p, 'PhoneCountryCode') ?? '',
    }];
  });
}

/** Addresses are always both types on a stored contact, as Xero returns them (examples/createContacts.200.json). */
function withBothAddressTypes(addresses: AddressRecord[]): AddressRecord[] {
  const blank = { line1: '', line2: '', city: '', region: '', postalCode: '', country: '', attentionTo: '' };
  const street = addresses.find((a) => a.type === 'STREET') ?? { type: 'STREET' as const, ...blank };
  const pobox = addresses.find((a) => a.type === 'POBOX') ?? { type: 'POBOX' as const, ...blank };
  return [street, pobox];
}

function withAllPhoneTypes(phones: PhoneRecord[]): PhoneRecord[] {
  return (['DEFAULT', 'DDI', 'FAX', 'MOBILE'] as const).map(
    (type) => phones.find((p) => p.type === type) ?? { type, number: '', areaCode: '', countryCode: '' },
  );
}

/** The submitted element echoed back with its errors (examples/createContacts.400.json). */
function rejectedElement(input: Record<string, unknown>, contactId: string, errors: string[]): Record<string, unknown> {
  const withEmptyErrors = (items: unknown) =>
    Array.isArray(items)
      ? items.map((item) => (typeof item === 'object' && item !== null ? { ...item, ValidationErrors: [] } : item))
      : [];
  const { ContactID: _ignored, Addresses, Phones, ContactGroups, ContactPersons, ...rest } = input;
  return {
    ContactID: contactId,
    ...rest,
    Addresses: withEmptyErrors(Addresses),
    Phones: withEmptyErrors(Phones),
    ContactGroups: Array.isArray(ContactGroups) ? ContactGroups : [],
    ContactPersons: Array.isArray(ContactPersons) ? ContactPersons : [],
    HasValidationErrors: true,
    ValidationErrors: messages(errors),
  };
}

/**
 * Validates one submitted contact and prepares the write (applied only if the whole request is accepted).
 * `mode` is PUT (always create) or POST (update when ContactID or ContactNumber matches, else create).
 * `reservedNames` holds names claimed earlier in the same request, so a batch cannot duplicate itself.
 */
export function prepareContactWrite(
  store: TenantStore,
  input: Record<string, unknown>,
  mode: 'PUT' | 'POST',
  now: number,
  reservedNames: Set<string>,
): ContactWriteOutcome {
  const givenId = stringField(input, 'ContactID');
  const givenNumber = stringField(input, 'ContactNumber');
  let existing: ContactRecord | undefined;
  if (mode === 'POST') {
    existing = givenId
      ? store.contactsById.get(givenId.toLowerCase())
      : givenNumber
        ? store.contacts.find((contact) => contact.contactNumber === givenNumber)
        : undefined;
    if (givenId && !existing) return { ok: false, element: rejectedElement(input, givenId, ['The contact could not be found.']) };
  }
  const errors: string[] = [];
  const name = (stringField(input, 'Name') ?? existing?.name ?? '').trim();
  const statusInput = stringField(input, 'ContactStatus');
  const status = statusInput === 'ARCHIVED' ? 'ARCHIVED' : statusInput === 'ACTIVE' ? 'ACTIVE' : existing?.status ?? 'ACTIVE';
  if (name === '') errors.push('The contact name must be specified.');
  if (name.length > MAX_CONTACT_NAME) errors.push(`The contact name must not exceed ${MAX_CONTACT_NAME} characters.`);
  const email = stringField(input, 'EmailAddress');
  if (email !== undefined && email !== '' && !EMAIL_PATTERN.test(email)) errors.push('Email address must be valid.');
  if (name !== '' && status === 'ACTIVE') {
    const lower = name.toLowerCase();
    const clash =
      reservedNames.has(lower) ||
      store.contacts.some((contact) => contact.status === 'ACTIVE' && contact !== existing && contact.name.toLowerCase() === lower);
    if (clash) {
      errors.push(`The contact name ${name} is already assigned to another contact. The contact name must be unique across all active contacts.`);
    }
  }
  if (errors.length > 0) return { ok: false, element: rejectedElement(input, existing?.contactId ?? EMPTY_GUID, errors) };
  if (status === 'ACTIVE') reservedNames.add(name.toLowerCase());

  const pick = (key: string, fallback: string | undefined) => {
    const value = stringField(input, key);
    return value === undefined ? fallback : value === '' ? undefined : value;
  };
  const addresses = addressesFrom(input['Addresses']);
  const phones = phonesFrom(input['Phones']);
  const contact: ContactRecord = {
    contactId: existing?.contactId ?? newGuid(),
    contactNumber: pick('ContactNumber', existing?.contactNumber),
    accountNumber: pick('AccountNumber', existing?.accountNumber),
    status,
    name,
    firstName: pick('FirstName', existing?.firstName),
    lastName: pick('LastName', existing?.lastName),
    email: pick('EmailAddress', existing?.email),
    companyNumber: pick('CompanyNumber', existing?.companyNumber),
    taxNumber: pick('TaxNumber', existing?.taxNumber),
    website: pick('Website', existing?.website),
    contactPersons: existing?.contactPersons ?? [],
    addresses: addresses ? withBothAddressTypes(addresses) : existing?.addresses ?? withBothAddressTypes([]),
    phones: phones ? withAllPhoneTypes(phones) : existing?.phones ?? withAllPhoneTypes([]),
    isSupplier: existing?.isSupplier ?? false,
    isCustomer: existing?.isCustomer ?? false,
    defaultCurrency: pick('DefaultCurrency', existing?.defaultCurrency),
    updatedAt: now,
  };
  return {
    ok: true,
    contact,
    created: !existing,
    apply: () => {
      if (existing) {
        Object.assign(existing, contact);
        touchContacts(store);
      } else addContact(store, contact);
    },
  };
}
