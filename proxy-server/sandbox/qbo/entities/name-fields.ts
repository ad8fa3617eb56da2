import { z } from 'zod';
import type { FaultError } from '../fault-json.js';
import { addressJson } from '../customer-json.js';
import type { QboAddressRecord, QboCompanyData } from '../records.js';
import { address, assignOptional, duplicateName, required, updateKeys } from './common.js';

/** The person/business fields Vendor and Employee share with Customer (Finance.xsd NameBase). */
type Json = Record<string, unknown>;

export const nameBodyKeys = {
  ...updateKeys,
  DisplayName: z.string().max(500).optional(),
  GivenName: z.string().max(100).optional(),
  FamilyName: z.string().max(100).optional(),
  CompanyName: z.string().max(100).optional(),
  PrimaryEmailAddr: z.object({ Address: z.string() }).loose().optional(),
  PrimaryPhone: z.object({ FreeFormNumber: z.string() }).loose().optional(),
  BillAddr: address.optional(),
  Active: z.boolean().optional(),
};

const _nameBody = z.object(nameBodyKeys).loose();
export type NameBody = z.infer<typeof _nameBody>;

export interface NameFields {
  displayName: string;
  givenName?: string;
  familyName?: string;
  companyName?: string;
  email?: string;
  phone?: string;
  billAddr?: QboAddressRecord;
  active: boolean;
}

/** DisplayName for a create: as sent, else derived from the person's or company's name; unique across name lists. */
export function newDisplayName(company: QboCompanyData, body: NameBody): { ok: true; name: string } | { ok: false; error: FaultError } {
  const derived = [body.GivenName, body.FamilyName].filter(Boolean).join(' ') || body.CompanyName || '';
  const name = (body.DisplayName ?? derived).trim();
  if (name === '') return { ok: false, error: required('DisplayName') };
  if (company.nameTaken(name)) return { ok: false, error: duplicateName(name) };
  return { ok: true, name };
}

/** A rename on update, checked against every other Customer/Vendor/Employee. */
export function renameCheck(company: QboCompanyData, current: string, body: NameBody): FaultError | undefined {
  const name = body.DisplayName?.trim();
  if (name === undefined || name === '') return undefined;
  return company.nameTaken(name, current) ? duplicateName(name) : undefined;
}

export function applyNameFields(row: NameFields & { id: string }, body: NameBody, clearMissing: boolean): void {
  assignOptional(row, 'givenName', body.GivenName, clearMissing);
  assignOptional(row, 'familyName', body.FamilyName, clearMissing);
  assignOptional(row, 'companyName', body.CompanyName, clearMissing);
  assignOptional(row, 'email', body.PrimaryEmailAddr?.Address, clearMissing);
  assignOptional(row, 'phone', body.PrimaryPhone?.FreeFormNumber, clearMissing);
  const bill = body.BillAddr;
  const billAddr: QboAddressRecord | undefined =
    bill === undefined ? undefined : { id: `${row.id}`, line1: bill.Line1 ?? '', city: bill.City ?? '', postalCode: bill.PostalCode ?? '' };
  if (billAddr !== undefined && bill?.CountrySubDivisionCode !== undefined) billAddr.countrySubDivisionCode = bill.CountrySubDivisionCode;
  if (billAddr !== undefined && bill?.Country !== undefined) billAddr.country = bill.Country;
  assignOptional(row, 'billAddr', billAddr, clearMissing);
  if (body.Active !== undefined) row.active = body.Active;
}

/** The name part of the JSON, in the recordings' key order (all__vendors_by_5__1.json). */
export function nameJson(row: NameFields): Json {
  const json: Json = {};
  if (row.givenName !== undefined) json.GivenName = row.givenName;
  if (row.familyName !== undefined) json.FamilyName = row.familyName;
  if (row.companyName !== undefined) json.CompanyName = row.companyName;
  json.DisplayName = row.displayName;
  json.PrintOnCheckName = row.companyName ?? row.displayName;
  json.Active = row.active;
  if (row.phone !== undefined) json.PrimaryPhone = { FreeFormNumber: row.phone };
  if (row.email !== undefined) json.PrimaryEmailAddr = { Address: row.email };
  return json;
}

export function billAddrJson(row: NameFields): Json {
  return row.billAddr === undefined ? {} : { BillAddr: addressJson(row.billAddr) };
}
