import { currencyName } from './currencies.js';
import { formatQboDateTime } from './qbo-time.js';
import type { QboAddressRecord, QboCompanyData, QboCustomerRecord } from './records.js';

type Json = Record<string, unknown>;

/** QBO sends amounts as JSON numbers with up to two decimals (Balance: 274.5). */
export function centsToAmount(cents: number): number {
  return cents / 100;
}

export function addressJson(address: QboAddressRecord): Json {
  const json: Json = { Id: address.id, Line1: address.line1, City: address.city };
  if (address.country !== undefined) json.Country = address.country;
  if (address.countrySubDivisionCode !== undefined) json.CountrySubDivisionCode = address.countrySubDivisionCode;
  json.PostalCode = address.postalCode;
  return json;
}

/**
 * The Customer object in QBO's key order (get__id__0.json, all__customers__1.json). Fields without a value are
 * omitted, as QBO does ("Responses only include fields that have values", api-facts.md).
 */
export function customerJson(company: QboCompanyData, customer: QboCustomerRecord): Json {
  const isJob = customer.parentId !== undefined;
  const json: Json = { Taxable: customer.taxable };
  if (customer.billAddr !== undefined) json.BillAddr = addressJson(customer.billAddr);
  if (customer.shipAddr !== undefined) json.ShipAddr = addressJson(customer.shipAddr);
  json.Job = isJob;
  json.BillWithParent = isJob;
  if (customer.parentId !== undefined) {
    json.ParentRef = { value: customer.parentId };
    json.Level = company.level(customer);
  }
  json.Balance = centsToAmount(customer.balanceCents);
  json.BalanceWithJobs = centsToAmount(company.balanceWithJobsCents(customer));
  json.CurrencyRef = { value: customer.currency, name: currencyName(customer.currency) };
  json.PreferredDeliveryMethod = customer.preferredDeliveryMethod;
  json.domain = 'QBO';
  json.sparse = false;
  json.Id = customer.id;
  json.SyncToken = String(customer.syncToken);
  json.MetaData = {
    CreateTime: formatQboDateTime(customer.createdAt),
    LastUpdatedTime: formatQboDateTime(customer.updatedAt),
  };
  if (customer.givenName !== undefined) json.GivenName = customer.givenName;
  if (customer.familyName !== undefined) json.FamilyName = customer.familyName;
  json.FullyQualifiedName = company.fullyQualifiedName(customer);
  if (customer.companyName !== undefined) json.CompanyName = customer.companyName;
  json.DisplayName = customer.displayName;
  json.PrintOnCheckName = customer.companyName ?? customer.displayName;
  json.Active = customer.active;
  if (customer.phone !== undefined) json.PrimaryPhone = { FreeFormNumber: customer.phone };
  if (customer.email !== undefined) json.PrimaryEmailAddr = { Address: customer.email };
  return json;
}
