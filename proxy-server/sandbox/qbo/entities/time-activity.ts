import { z } from 'zod';
import type { QboTimeActivityRecord } from '../other-records.js';
import { formatQboDate } from '../qbo-time.js';
import type { QboCompanyData } from '../records.js';
import { amount, business, bump, checkUpdate, date, metaFields, metaJson, notFound, ref, required, toCents, updateKeys } from './common.js';
import type { QboEntityDef } from './entity-def.js';

/**
 * TimeActivity in the shape of qbo/samples/TimeActivity_query_sandbox_response.json (minorversion 75): NameOf says
 * whether EmployeeRef or VendorRef names the worker; the duration is Hours/Minutes/Seconds or StartTime/EndTime.
 */
export function timeActivityJson(company: QboCompanyData, row: QboTimeActivityRecord): Record<string, unknown> {
  const worker = row.nameOf === 'Employee' ? company.employees.get(row.workerId) : company.vendors.get(row.workerId);
  const customer = row.customerId === undefined ? undefined : company.customer(row.customerId);
  const item = row.itemId === undefined ? undefined : company.items.get(row.itemId);
  const json: Record<string, unknown> = { TxnDate: row.txnDate, NameOf: row.nameOf };
  json[row.nameOf === 'Employee' ? 'EmployeeRef' : 'VendorRef'] = { value: row.workerId, name: worker?.displayName ?? '' };
  if (row.customerId !== undefined) json.CustomerRef = { value: row.customerId, name: customer?.displayName ?? '' };
  if (row.itemId !== undefined) json.ItemRef = { value: row.itemId, name: item?.name ?? '' };
  if (row.billableStatus !== 'NotBillable') json.TimeChargeId = Number(row.id);
  json.BillableStatus = row.billableStatus;
  json.Taxable = row.taxable;
  json.HourlyRate = amount(row.hourlyRateCents);
  json.CostRate = amount(row.costRateCents);
  if (row.startTime !== undefined && row.endTime !== undefined) {
    json.StartTime = row.startTime;
    json.EndTime = row.endTime;
  } else {
    json.Hours = row.hours;
    json.Minutes = row.minutes;
    json.Seconds = row.seconds;
  }
  if (row.description !== undefined) json.Description = row.description;
  return { ...json, domain: 'QBO', sparse: false, Id: row.id, SyncToken: String(row.syncToken), MetaData: metaJson(row) };
}

const body = z
  .object({
    ...updateKeys,
    TxnDate: date.optional(),
    NameOf: z.enum(['Employee', 'Vendor']).optional(),
    EmployeeRef: ref.optional(),
    VendorRef: ref.optional(),
    CustomerRef: ref.optional(),
    ItemRef: ref.optional(),
    BillableStatus: z.enum(['Billable', 'NotBillable', 'HasBeenBilled']).optional(),
    Taxable: z.boolean().optional(),
    HourlyRate: z.number().nonnegative().optional(),
    CostRate: z.number().nonnegative().optional(),
    Hours: z.number().int().min(0).optional(),
    Minutes: z.number().int().min(0).max(59).optional(),
    Seconds: z.number().int().min(0).max(59).optional(),
    StartTime: z.string().optional(),
    EndTime: z.string().optional(),
    Description: z.string().max(4000).optional(),
  })
  .loose();

type Body = z.infer<typeof body>;

/** Checks the references and the duration; returns the fields to store. */
function resolve(company: QboCompanyData, b: Body, current?: QboTimeActivityRecord) {
  const nameOf = b.NameOf ?? current?.nameOf;
  if (nameOf === undefined) return { ok: false as const, error: required('NameOf') };
  const workerRef = nameOf === 'Employee' ? b.EmployeeRef : b.VendorRef;
  const workerId = workerRef?.value ?? (nameOf === current?.nameOf ? current.workerId : undefined);
  if (workerId === undefined) return { ok: false as const, error: required(nameOf === 'Employee' ? 'EmployeeRef' : 'VendorRef') };
  const worker = nameOf === 'Employee' ? company.employees.get(workerId) : company.vendors.get(workerId);
  if (worker === undefined || !worker.active) return { ok: false as const, error: notFound(nameOf, workerId, `${nameOf}Ref`) };
  if (b.CustomerRef !== undefined && company.customer(b.CustomerRef.value) === undefined) return { ok: false as const, error: notFound('Customer', b.CustomerRef.value, 'CustomerRef') };
  if (b.ItemRef !== undefined && company.items.get(b.ItemRef.value) === undefined) return { ok: false as const, error: notFound('Item', b.ItemRef.value, 'ItemRef') };
  const billable = b.BillableStatus ?? current?.billableStatus ?? 'NotBillable';
  const customerId = b.CustomerRef?.value ?? current?.customerId;
  if (billable !== 'NotBillable' && customerId === undefined) return { ok: false as const, error: business('A billable time activity needs a customer.', 'CustomerRef') };
  const hasRange = b.StartTime !== undefined || b.EndTime !== undefined;
  if (hasRange && (b.StartTime === undefined || b.EndTime === undefined || !(Date.parse(b.EndTime) > Date.parse(b.StartTime)))) {
    return { ok: false as const, error: business('EndTime must be after StartTime.', 'EndTime') };
  }
  if (!hasRange && current === undefined && b.Hours === undefined && b.Minutes === undefined) return { ok: false as const, error: required('Hours') };
  return { ok: true as const, nameOf, workerId, billable, hasRange };
}

export const timeActivityEntity: QboEntityDef<QboTimeActivityRecord> = {
  name: 'TimeActivity',
  path: 'timeactivity',
  cdc: true,
  rows: (company) => company.timeActivities.rows,
  byId: (company, id) => company.timeActivities.get(id),
  id: (row) => row.id,
  hidesInactive: false,
  fields: {
    id: { kind: 'id', get: (row) => row.id },
    txndate: { kind: 'date', get: (row) => row.txnDate },
    customerref: { kind: 'id', get: (row) => row.customerId },
    employeeref: { kind: 'id', get: (row) => (row.nameOf === 'Employee' ? row.workerId : undefined) },
    vendorref: { kind: 'id', get: (row) => (row.nameOf === 'Vendor' ? row.workerId : undefined) },
    billablestatus: { kind: 'string', get: (row) => row.billableStatus },
    ...metaFields<QboTimeActivityRecord>(),
  },
  toJson: timeActivityJson,
  body,
  write: (company, raw, now) => {
    const b = body.parse(raw);
    const current = b.Id === undefined ? undefined : company.timeActivities.get(b.Id);
    if (b.Id !== undefined) {
      const check = checkUpdate('TimeActivity', current, b);
      if (!check.ok) return check;
    }
    const r = resolve(company, b, current);
    if (!r.ok) return r;
    const row: QboTimeActivityRecord = current ?? {
      id: company.nextId(), syncToken: 0, createdAt: now, updatedAt: now, txnDate: formatQboDate(now), nameOf: r.nameOf, workerId: r.workerId,
      billableStatus: r.billable, taxable: false, hourlyRateCents: 0, costRateCents: 0, hours: 0, minutes: 0, seconds: 0,
    };
    row.nameOf = r.nameOf;
    row.workerId = r.workerId;
    row.billableStatus = r.billable;
    if (b.TxnDate !== undefined) row.txnDate = b.TxnDate;
    if (b.CustomerRef !== undefined) row.customerId = b.CustomerRef.value;
    if (b.ItemRef !== undefined) row.itemId = b.ItemRef.value;
    if (b.Taxable !== undefined) row.taxable = b.Taxable;
    if (b.HourlyRate !== undefined) row.hourlyRateCents = toCents(b.HourlyRate);
    if (b.CostRate !== undefined) row.costRateCents = toCents(b.CostRate);
    if (b.Description !== undefined) row.description = b.Description;
    if (r.hasRange && b.StartTime !== undefined && b.EndTime !== undefined) {
      row.startTime = b.StartTime;
      row.endTime = b.EndTime;
      const seconds = Math.round((Date.parse(b.EndTime) - Date.parse(b.StartTime)) / 1000);
      row.hours = Math.floor(seconds / 3600);
      row.minutes = Math.floor((seconds % 3600) / 60);
      row.seconds = seconds % 60;
      if (b.TxnDate === undefined && current === undefined) row.txnDate = b.StartTime.slice(0, 10);
    } else if (b.Hours !== undefined || b.Minutes !== undefined) {
      delete row.startTime;
      delete row.endTime;
      row.hours = b.Hours ?? 0;
      row.minutes = b.Minutes ?? 0;
      row.seconds = b.Seconds ?? 0;
    }
    if (current === undefined) {
      company.timeActivities.add(row);
      return { ok: true, id: row.id, json: timeActivityJson(company, row), operation: 'Create' };
    }
    bump(row, now);
    return { ok: true, id: row.id, json: timeActivityJson(company, row), operation: 'Update' };
  },
};
