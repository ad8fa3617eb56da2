import { z } from 'zod';
import type { QboEmployeeRecord } from '../other-records.js';
import type { QboCompanyData } from '../records.js';
import { amount, bump, checkUpdate, date, metaFields, metaJson, toCents } from './common.js';
import type { QboEntityDef } from './entity-def.js';
import { applyNameFields, billAddrJson, nameBodyKeys, nameJson, newDisplayName, renameCheck } from './name-fields.js';

/**
 * Employee (Finance.xsd Employee; key order of recorded/all__employees_including_active__1.json). Employees are
 * never deleted: Active=false (deactivate__employee__1.json), and inactive ones are hidden from queries unless the
 * query mentions Active.
 */
export function employeeJson(_company: QboCompanyData, row: QboEmployeeRecord): Record<string, unknown> {
  return {
    ...billAddrJson(row),
    BillableTime: row.billableTime,
    ...(row.billRateCents === undefined ? {} : { BillRate: amount(row.billRateCents) }),
    ...(row.hiredDate === undefined ? {} : { HiredDate: row.hiredDate }),
    domain: 'QBO',
    sparse: false,
    Id: row.id,
    SyncToken: String(row.syncToken),
    MetaData: metaJson(row),
    ...(row.employeeNumber === undefined ? {} : { EmployeeNumber: row.employeeNumber }),
    ...nameJson(row),
  };
}

const body = z
  .object({ ...nameBodyKeys, BillableTime: z.boolean().optional(), BillRate: z.number().nonnegative().optional(), HiredDate: date.optional(), EmployeeNumber: z.string().optional() })
  .loose();

export const employeeEntity: QboEntityDef<QboEmployeeRecord> = {
  name: 'Employee',
  path: 'employee',
  cdc: true,
  rows: (company) => company.employees.rows,
  byId: (company, id) => company.employees.get(id),
  id: (row) => row.id,
  hidesInactive: true,
  fields: {
    id: { kind: 'id', get: (row) => row.id },
    displayname: { kind: 'string', get: (row) => row.displayName },
    givenname: { kind: 'string', get: (row) => row.givenName },
    familyname: { kind: 'string', get: (row) => row.familyName },
    primaryemailaddr: { kind: 'string', get: (row) => row.email },
    active: { kind: 'boolean', get: (row) => row.active },
    ...metaFields<QboEmployeeRecord>(),
  },
  toJson: employeeJson,
  body,
  write: (company, raw, now) => {
    const b = body.parse(raw);
    if (b.Id === undefined) {
      const name = newDisplayName(company, b);
      if (!name.ok) return name;
      const row: QboEmployeeRecord = { id: company.nextId(), syncToken: 0, createdAt: now, updatedAt: now, displayName: name.name, active: true, billableTime: b.BillableTime ?? false };
      if (b.BillRate !== undefined) row.billRateCents = toCents(b.BillRate);
      if (b.HiredDate !== undefined) row.hiredDate = b.HiredDate;
      if (b.EmployeeNumber !== undefined) row.employeeNumber = b.EmployeeNumber;
      applyNameFields(row, b, false);
      company.addEmployee(row);
      return { ok: true, id: row.id, json: employeeJson(company, row), operation: 'Create' };
    }
    const check = checkUpdate('Employee', company.employees.get(b.Id), b);
    if (!check.ok) return check;
    const row = check.row;
    const clash = renameCheck(company, row.displayName, b);
    if (clash !== undefined) return { ok: false, error: clash };
    if (b.DisplayName !== undefined && b.DisplayName.trim() !== '') company.renameOther(row, b.DisplayName.trim());
    applyNameFields(row, b, b.sparse !== true);
    if (b.BillableTime !== undefined) row.billableTime = b.BillableTime;
    if (b.BillRate !== undefined) row.billRateCents = toCents(b.BillRate);
    if (b.HiredDate !== undefined) row.hiredDate = b.HiredDate;
    bump(row, now);
    return { ok: true, id: row.id, json: employeeJson(company, row), operation: 'Update' };
  },
};
