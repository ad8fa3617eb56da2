import { z } from 'zod';
import { CustomerSchema, PartySchema, type Address, type Customer, type Party } from '../../../lib/model';
import { isoFromXero } from './xero-dates';
import { XeroAmount, amount, blankToNull, currencyOf, issueText, rawId, type XeroMapContext, type XeroSkippedRecord } from './xero-map-common';

/**
 * Xero Contact JSON (examples/getContacts.200.json) → Customer and/or vendor Party. Empty optional fields are often
 * left out, so nearly everything is optional; unreadable records are skipped with a reason, never thrown.
 */
const XeroAddress = z
  .object({
    AddressType: z.string().optional(),
    AddressLine1: z.string().nullish(),
    AddressLine2: z.string().nullish(),
    AddressLine3: z.string().nullish(),
    AddressLine4: z.string().nullish(),
    City: z.string().nullish(),
    Region: z.string().nullish(),
    PostalCode: z.string().nullish(),
    Country: z.string().nullish(),
  })
  .passthrough();

const XeroPhone = z
  .object({
    PhoneType: z.string().optional(),
    PhoneNumber: z.string().nullish(),
    PhoneAreaCode: z.string().nullish(),
    PhoneCountryCode: z.string().nullish(),
  })
  .passthrough();

const XeroContactPerson = z
  .object({ EmailAddress: z.string().nullish(), IncludeInEmails: z.boolean().nullish() })
  .passthrough();

const XeroBalance = z.object({ Outstanding: XeroAmount.nullish(), Overdue: XeroAmount.nullish() }).passthrough();

const XeroContact = z
  .object({
    ContactID: z.string().min(1),
    ContactStatus: z.string().optional(),
    Name: z.string().nullish(),
    FirstName: z.string().nullish(),
    LastName: z.string().nullish(),
    EmailAddress: z.string().nullish(),
    Addresses: z.array(XeroAddress).nullish(),
    Phones: z.array(XeroPhone).nullish(),
    UpdatedDateUTC: z.string().nullish(),
    IsSupplier: z.boolean().nullish(),
    IsCustomer: z.boolean().nullish(),
    DefaultCurrency: z.string().nullish(),
    Balances: z.object({ AccountsReceivable: XeroBalance.nullish() }).passthrough().nullish(),
    ContactPersons: z.array(XeroContactPerson).nullish(),
  })
  .passthrough();

export type ContactOutcome =
  | { kind: 'contact'; customer: Customer | null; vendor: Party | null }
  | { kind: 'deleted'; id: string }
  | { kind: 'skipped'; skipped: XeroSkippedRecord };

/** The contact's own address plus its contact persons' where "include in emails" is ticked; deduplicated. */
export function contactEmails(contact: Pick<z.infer<typeof XeroContact>, 'EmailAddress' | 'ContactPersons'>): string[] {
  const all = [contact.EmailAddress, ...(contact.ContactPersons ?? []).filter((p) => p.IncludeInEmails === true).map((p) => p.EmailAddress)];
  const seen = new Set<string>();
  const emails: string[] = [];
  for (const value of all) {
    const email = blankToNull(value);
    if (!email || seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    emails.push(email);
  }
  return emails;
}

function mapAddress(address: z.infer<typeof XeroAddress> | undefined): Address | null {
  if (!address) return null;
  const rest = [address.AddressLine2, address.AddressLine3, address.AddressLine4].map(blankToNull).filter((v) => v !== null);
  const mapped: Address = {
    line1: blankToNull(address.AddressLine1),
    line2: rest.length > 0 ? rest.join(', ') : null,
    city: blankToNull(address.City),
    region: blankToNull(address.Region),
    postalCode: blankToNull(address.PostalCode),
    country: blankToNull(address.Country),
  };
  return Object.values(mapped).some((v) => v !== null) ? mapped : null;
}

function addressOfType(addresses: z.infer<typeof XeroAddress>[] | null | undefined, type: string): Address | null {
  return mapAddress((addresses ?? []).find((a) => a.AddressType?.toUpperCase() === type));
}

/** DEFAULT, then MOBILE, then DDI; "+64 (09) 555-1234" from whichever parts are filled. */
function mainPhone(phones: z.infer<typeof XeroPhone>[] | null | undefined): string | null {
  for (const type of ['DEFAULT', 'MOBILE', 'DDI']) {
    const phone = (phones ?? []).find((p) => p.PhoneType?.toUpperCase() === type && blankToNull(p.PhoneNumber));
    if (phone) {
      const country = blankToNull(phone.PhoneCountryCode);
      return [country ? (country.startsWith('+') ? country : `+${country}`) : null, blankToNull(phone.PhoneAreaCode), blankToNull(phone.PhoneNumber)]
        .filter((v) => v !== null)
        .join(' ');
    }
  }
  return null;
}

/**
 * Who counts as a customer: IsCustomer, and also contacts flagged as neither. Xero sets IsCustomer only once a sales
 * document exists, so a contact a salesperson just created (or will invoice next) would otherwise be invisible; and
 * since flag changes do not bump UpdatedDateUTC (api-facts.md §2 "If-Modified-Since gotcha"), a rule that flips with
 * the first invoice would leave the mirror stale. Supplier-only contacts become vendors only.
 */
export function contactRoles(contact: { IsCustomer?: boolean | null | undefined; IsSupplier?: boolean | null | undefined }): { customer: boolean; vendor: boolean } {
  const vendor = contact.IsSupplier === true;
  return { customer: contact.IsCustomer === true || !vendor, vendor };
}

export function mapXeroContact(raw: unknown, ctx: XeroMapContext): ContactOutcome {
  const providerId = rawId(raw, 'ContactID');
  const skip = (reason: XeroSkippedRecord['reason'], message: string): ContactOutcome => ({
    kind: 'skipped',
    skipped: { entity: 'customer', providerId, reason, message },
  });
  const parsed = XeroContact.safeParse(raw);
  if (!parsed.success) return skip('malformed', `Xero sent a contact we could not read (${issueText(parsed.error)}).`);
  const c = parsed.data;
  const status = (c.ContactStatus ?? 'ACTIVE').toUpperCase();
  // GDPR erasure: the contact's data is gone at Xero and must go from the mirror too.
  if (status === 'GDPRREQUEST') return { kind: 'deleted', id: c.ContactID };

  const givenName = blankToNull(c.FirstName);
  const familyName = blankToNull(c.LastName);
  const personName = [givenName, familyName].filter((v) => v !== null).join(' ') || null;
  const displayName = blankToNull(c.Name) ?? personName;
  if (displayName === null) {
    return skip('no_name', `Contact ${c.ContactID} has no name, first name or last name, so it cannot be matched to a CRM record.`);
  }
  // Xero's Name is the organisation's name; when it just repeats the person's name the contact is a person.
  const companyName = blankToNull(c.Name) !== null && c.Name?.trim().toLowerCase() !== personName?.toLowerCase() ? blankToNull(c.Name) : null;
  const updatedAt = isoFromXero(c.UpdatedDateUTC) ?? new Date(0).toISOString(); // stable fallback: no churn per sync
  const active = status === 'ACTIVE';
  const emails = contactEmails(c);
  const roles = contactRoles(c);

  let customer: Customer | null = null;
  if (roles.customer) {
    // Balances are in the contact's DefaultCurrency and not converted (api-facts.md §2, xero_accounting.yaml).
    const currency = currencyOf(c.DefaultCurrency ?? undefined, ctx);
    if (!currency) return skip('currency_unsupported', `Contact ${c.ContactID} has no currency and the organisation's base currency is unknown.`);
    const receivable = c.Balances?.AccountsReceivable;
    // No Balances block = no activity yet (examples/getContacts.200.json, second contact): nothing owed.
    const candidate: Customer = {
      provider: 'xero',
      companyId: ctx.companyId,
      connectionId: ctx.connectionId,
      id: c.ContactID,
      displayName,
      companyName,
      givenName,
      familyName,
      emails,
      phone: mainPhone(c.Phones),
      // Xero prints POBOX (the postal address) on invoices and uses STREET as the physical/delivery address.
      billingAddress: addressOfType(c.Addresses, 'POBOX'),
      shippingAddress: addressOfType(c.Addresses, 'STREET'),
      currency,
      balance: amount(receivable?.Outstanding ?? 0),
      overdue: amount(receivable?.Overdue ?? 0),
      active,
      parentId: null,
      updatedAt,
      webUrl: ctx.deepLink('customer', c.ContactID),
    };
    const checked = CustomerSchema.safeParse(candidate);
    if (!checked.success) return skip('provider_validation', `Contact ${c.ContactID} failed validation (${issueText(checked.error)}).`);
    customer = checked.data;
  }

  let vendor: Party | null = null;
  if (roles.vendor) {
    const checked = PartySchema.safeParse({
      provider: 'xero',
      companyId: ctx.companyId,
      connectionId: ctx.connectionId,
      id: c.ContactID,
      updatedAt,
      displayName,
      emails,
      active,
    } satisfies Party);
    if (checked.success) vendor = checked.data;
  }
  return { kind: 'contact', customer, vendor };
}
