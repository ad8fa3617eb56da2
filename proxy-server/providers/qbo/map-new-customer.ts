import type { Address } from '../../../lib/model';
import type { CustomerDraft } from '../provider-writes';

/**
 * CustomerDraft → the body of QBO `POST /customer` (Finance.xsd Customer; create__customer__0.json). QBO omits empty
 * fields, so do we: an empty string would overwrite nothing on create but reads as "clear it" on updates.
 */
export function qboAddress(address: Address | null): Record<string, string> | undefined {
  if (!address) return undefined;
  const out: Record<string, string> = {};
  if (address.line1) out.Line1 = address.line1;
  if (address.line2) out.Line2 = address.line2;
  if (address.city) out.City = address.city;
  if (address.region) out.CountrySubDivisionCode = address.region;
  if (address.postalCode) out.PostalCode = address.postalCode;
  if (address.country) out.Country = address.country;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** QBO limits (Finance.xsd / import specs): DisplayName 100, names 100, CompanyName 100, phone 30. */
const clip = (value: string, max: number) => value.slice(0, max);

export function qboCustomerBody(draft: CustomerDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { DisplayName: clip(draft.displayName, 100) };
  if (draft.givenName) body.GivenName = clip(draft.givenName, 100);
  if (draft.familyName) body.FamilyName = clip(draft.familyName, 100);
  if (draft.companyName) body.CompanyName = clip(draft.companyName, 100);
  // One field holds every address, comma-separated (map-customer.ts splitEmails reads it back the same way).
  if (draft.emails.length > 0) body.PrimaryEmailAddr = { Address: draft.emails.join(', ') };
  if (draft.phone) body.PrimaryPhone = { FreeFormNumber: clip(draft.phone, 30) };
  const bill = qboAddress(draft.billingAddress);
  const ship = qboAddress(draft.shippingAddress);
  if (bill) body.BillAddr = bill;
  if (ship) body.ShipAddr = ship;
  // CurrencyRef is immutable once set (api-facts.md §1 Customer): only send it when the CRM said which one.
  if (draft.currency) body.CurrencyRef = { value: draft.currency };
  return body;
}
