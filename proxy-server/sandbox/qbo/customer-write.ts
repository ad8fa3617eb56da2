import { z } from 'zod';
import type { QboAddressRecord, QboCompanyData, QboCustomerRecord } from './records.js';
import type { FaultError } from './fault-json.js';

/**
 * Customer create and update as QBO applies them: DisplayName unique (6240), derived from the name parts when absent;
 * updates need Id + the current SyncToken (5010); `sparse: true` touches only the fields sent, a full update clears
 * the optional fields left out (api-facts.md "Customer").
 */
const address = z
  .object({ Line1: z.string().optional(), City: z.string().optional(), CountrySubDivisionCode: z.string().optional(), PostalCode: z.string().optional(), Country: z.string().optional() })
  .loose();

export const customerBody = z
  .object({
    Id: z.string().optional(),
    SyncToken: z.string().optional(),
    sparse: z.boolean().optional(),
    DisplayName: z.string().max(500).optional(),
    GivenName: z.string().optional(),
    FamilyName: z.string().optional(),
    CompanyName: z.string().optional(),
    PrimaryEmailAddr: z.object({ Address: z.string() }).loose().optional(),
    PrimaryPhone: z.object({ FreeFormNumber: z.string() }).loose().optional(),
    BillAddr: address.optional(),
    ShipAddr: address.optional(),
    CurrencyRef: z.object({ value: z.string() }).loose().optional(),
    ParentRef: z.object({ value: z.string() }).loose().optional(),
    Active: z.boolean().optional(),
    Taxable: z.boolean().optional(),
  })
  .loose();

export type CustomerBody = z.infer<typeof customerBody>;

export type WriteResult = { ok: true; customer: QboCustomerRecord; created: boolean } | { ok: false; error: FaultError };

const duplicateName = (name: string): FaultError => ({
  Message: 'Duplicate Name Exists Error',
  // Wording of xml-fixtures/customer_duplicate_error.xml.
  Detail: `The name supplied already exists. : Another customer is already using this name (${name}). Please use a different name.`,
  code: '6240',
  element: '',
});

function toAddress(id: string, body: z.infer<typeof address> | undefined): QboAddressRecord | undefined {
  if (body === undefined) return undefined;
  const record: QboAddressRecord = { id, line1: body.Line1 ?? '', city: body.City ?? '', postalCode: body.PostalCode ?? '' };
  if (body.CountrySubDivisionCode !== undefined) record.countrySubDivisionCode = body.CountrySubDivisionCode;
  if (body.Country !== undefined) record.country = body.Country;
  return record;
}

/** Assigns or, on a full update, removes an optional field — exactOptionalPropertyTypes forbids `= undefined`. */
function setOptional<K extends 'givenName' | 'familyName' | 'companyName' | 'email' | 'phone' | 'billAddr' | 'shipAddr' | 'parentId'>(
  customer: QboCustomerRecord,
  key: K,
  value: QboCustomerRecord[K] | undefined,
  clearWhenMissing: boolean,
): void {
  if (value !== undefined) customer[key] = value as QboCustomerRecord[K];
  else if (clearWhenMissing) delete customer[key];
}

export function writeCustomer(company: QboCompanyData, body: CustomerBody, now: number): WriteResult {
  const derivedName = [body.GivenName, body.FamilyName].filter(Boolean).join(' ') || body.CompanyName;
  if (body.Id === undefined) {
    const displayName = (body.DisplayName ?? derivedName ?? '').trim();
    if (displayName === '') {
      return { ok: false, error: { Message: 'Required param missing, need to supply the required value for the API', Detail: 'Required parameter DisplayName is missing in the request', code: '2020', element: 'DisplayName' } };
    }
    if (company.nameTaken(displayName)) return { ok: false, error: duplicateName(displayName) };
    const parentId = body.ParentRef?.value;
    if (parentId !== undefined && company.customer(parentId) === undefined) {
      return { ok: false, error: { Message: 'Object Not Found', Detail: `Object Not Found : Something you're trying to use has been made inactive. (ParentRef ${parentId})`, code: '610', element: 'ParentRef' } };
    }
    const id = company.nextId();
    const customer: QboCustomerRecord = {
      id,
      syncToken: 0,
      displayName,
      balanceCents: 0,
      currency: body.CurrencyRef?.value ?? company.profile.homeCurrency,
      active: body.Active ?? true,
      taxable: body.Taxable ?? false,
      preferredDeliveryMethod: body.PrimaryEmailAddr === undefined ? 'Print' : 'Email',
      createdAt: now,
      updatedAt: now,
    };
    applyFields(customer, body, true);
    company.addCustomer(customer);
    return { ok: true, customer, created: true };
  }

  const customer = company.customer(body.Id);
  if (customer === undefined) {
    return { ok: false, error: { Message: 'Object Not Found', Detail: `Object Not Found : Something you're trying to use has been made inactive. (Customer ${body.Id})`, code: '610', element: '' } };
  }
  if (body.SyncToken !== String(customer.syncToken)) {
    return {
      ok: false,
      error: { Message: 'Stale Object Error', Detail: `Stale Object Error : You and another user were working on the same thing. The other user finished before you did, so your work was not saved. (SyncToken ${customer.syncToken})`, code: '5010', element: '' },
    };
  }
  if (body.CurrencyRef !== undefined && body.CurrencyRef.value !== customer.currency) {
    return { ok: false, error: { Message: 'Business Validation Error', Detail: 'You can\'t change the currency of a customer once it has been set.', code: '6000', element: 'CurrencyRef' } };
  }
  const sparse = body.sparse === true;
  const newName = body.DisplayName?.trim();
  if (newName !== undefined && newName !== '' && company.nameTaken(newName, customer.displayName)) {
    return { ok: false, error: duplicateName(newName) };
  }
  if (newName !== undefined && newName !== '') company.renameCustomer(customer, newName);
  applyFields(customer, body, !sparse);
  if (body.Active !== undefined) customer.active = body.Active;
  if (body.Taxable !== undefined) customer.taxable = body.Taxable;
  customer.syncToken += 1;
  customer.updatedAt = now;
  return { ok: true, customer, created: false };
}

function applyFields(customer: QboCustomerRecord, body: CustomerBody, clearMissing: boolean): void {
  setOptional(customer, 'givenName', body.GivenName, clearMissing);
  setOptional(customer, 'familyName', body.FamilyName, clearMissing);
  setOptional(customer, 'companyName', body.CompanyName, clearMissing);
  setOptional(customer, 'email', body.PrimaryEmailAddr?.Address, clearMissing);
  setOptional(customer, 'phone', body.PrimaryPhone?.FreeFormNumber, clearMissing);
  setOptional(customer, 'billAddr', toAddress(`${customer.id}`, body.BillAddr), clearMissing);
  setOptional(customer, 'shipAddr', toAddress(`${1_000_000 + Number(customer.id)}`, body.ShipAddr), clearMissing);
  if (customer.syncToken === 0 && customer.createdAt === customer.updatedAt) setOptional(customer, 'parentId', body.ParentRef?.value, false);
}
