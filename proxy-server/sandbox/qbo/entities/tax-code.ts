import type { QboTaxCodeRecord } from '../other-records.js';
import type { QboCompanyData } from '../records.js';
import { metaJson } from './common.js';
import type { QboEntityDef } from './entity-def.js';

/**
 * TaxCode, query/read only. US companies use the pseudo codes TAX and NON (create__invoice__0.json lines carry
 * `TaxCodeRef: {value: "NON"}`); non-US companies have real codes with ids, and every sales line needs one.
 */
export function taxCodeJson(_company: QboCompanyData, row: QboTaxCodeRecord): Record<string, unknown> {
  return {
    Name: row.name,
    Description: row.description,
    Active: row.active,
    Hidden: false,
    Taxable: row.ratePercent > 0,
    TaxGroup: false,
    domain: 'QBO',
    sparse: false,
    Id: row.id,
    SyncToken: '0',
    MetaData: metaJson({ createdAt: row.createdAt, updatedAt: row.createdAt }),
  };
}

export const taxCodeEntity: QboEntityDef<QboTaxCodeRecord> = {
  name: 'TaxCode',
  path: 'taxcode',
  cdc: false,
  rows: (company) => company.taxCodes.rows,
  byId: (company, id) => company.taxCodes.get(id),
  id: (row) => row.id,
  hidesInactive: true,
  fields: {
    id: { kind: 'id', get: (row) => row.id },
    name: { kind: 'string', get: (row) => row.name },
    active: { kind: 'boolean', get: (row) => row.active },
  },
  toJson: taxCodeJson,
};

/** Finds the code a line names, by id or by name (clients often send the name "Exempt"). */
export function resolveTaxCode(company: QboCompanyData, value: string): QboTaxCodeRecord | undefined {
  return company.taxCodes.get(value) ?? company.taxCodes.rows.find((code) => code.name.toLowerCase() === value.toLowerCase());
}
