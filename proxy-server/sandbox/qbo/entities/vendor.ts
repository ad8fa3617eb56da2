import { z } from 'zod';
import type { QboVendorRecord } from '../other-records.js';
import type { QboCompanyData } from '../records.js';
import { amount, bump, checkUpdate, currencyRef, metaFields, metaJson, ref } from './common.js';
import type { QboEntityDef } from './entity-def.js';
import { applyNameFields, billAddrJson, nameBodyKeys, nameJson, newDisplayName, renameCheck } from './name-fields.js';

/** Vendor (Finance.xsd Vendor; key order of recorded/all__vendors_by_5__1.json). */
export function vendorJson(_company: QboCompanyData, row: QboVendorRecord): Record<string, unknown> {
  return {
    ...billAddrJson(row),
    Balance: amount(row.balanceCents),
    ...(row.acctNum === undefined ? {} : { AcctNum: row.acctNum }),
    Vendor1099: row.vendor1099,
    CurrencyRef: currencyRef(row.currency),
    domain: 'QBO',
    sparse: false,
    Id: row.id,
    SyncToken: String(row.syncToken),
    MetaData: metaJson(row),
    ...nameJson(row),
  };
}

const body = z.object({ ...nameBodyKeys, Vendor1099: z.boolean().optional(), AcctNum: z.string().optional(), CurrencyRef: ref.optional() }).loose();

export const vendorEntity: QboEntityDef<QboVendorRecord> = {
  name: 'Vendor',
  path: 'vendor',
  cdc: true,
  rows: (company) => company.vendors.rows,
  byId: (company, id) => company.vendors.get(id),
  id: (row) => row.id,
  hidesInactive: true,
  fields: {
    id: { kind: 'id', get: (row) => row.id },
    displayname: { kind: 'string', get: (row) => row.displayName },
    givenname: { kind: 'string', get: (row) => row.givenName },
    familyname: { kind: 'string', get: (row) => row.familyName },
    companyname: { kind: 'string', get: (row) => row.companyName },
    primaryemailaddr: { kind: 'string', get: (row) => row.email },
    active: { kind: 'boolean', get: (row) => row.active },
    balance: { kind: 'number', get: (row) => row.balanceCents / 100 },
    ...metaFields<QboVendorRecord>(),
  },
  toJson: vendorJson,
  body,
  write: (company, raw, now) => {
    const b = body.parse(raw);
    if (b.Id === undefined) {
      const name = newDisplayName(company, b);
      if (!name.ok) return name;
      const row: QboVendorRecord = {
        id: company.nextId(), syncToken: 0, createdAt: now, updatedAt: now, displayName: name.name, active: true,
        balanceCents: 0, currency: b.CurrencyRef?.value ?? company.profile.homeCurrency, vendor1099: b.Vendor1099 ?? false,
      };
      if (b.AcctNum !== undefined) row.acctNum = b.AcctNum;
      applyNameFields(row, b, false);
      company.addVendor(row);
      return { ok: true, id: row.id, json: vendorJson(company, row), operation: 'Create' };
    }
    const check = checkUpdate('Vendor', company.vendors.get(b.Id), b);
    if (!check.ok) return check;
    const row = check.row;
    const clash = renameCheck(company, row.displayName, b);
    if (clash !== undefined) return { ok: false, error: clash };
    if (b.DisplayName !== undefined && b.DisplayName.trim() !== '') company.renameOther(row, b.DisplayName.trim());
    applyNameFields(row, b, b.sparse !== true);
    if (b.Vendor1099 !== undefined) row.vendor1099 = b.Vendor1099;
    if (b.AcctNum !== undefined) row.acctNum = b.AcctNum;
    bump(row, now);
    return { ok: true, id: row.id, json: vendorJson(company, row), operation: 'Update' };
  },
};
