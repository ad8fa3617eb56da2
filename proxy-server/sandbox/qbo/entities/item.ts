import { z } from 'zod';
import type { QboItemRecord } from '../other-records.js';
import type { QboCompanyData } from '../records.js';
import { amount, bump, checkUpdate, metaFields, metaJson, ref, required, toCents, updateKeys } from './common.js';
import type { QboEntityDef } from './entity-def.js';

/** Item (Finance.xsd Item; fields and order of xml-fixtures/item.xml). Names are unique among items (6240). */
export function itemJson(_company: QboCompanyData, row: QboItemRecord): Record<string, unknown> {
  return {
    Name: row.name,
    ...(row.sku === undefined ? {} : { Sku: row.sku }),
    ...(row.description === undefined ? {} : { Description: row.description }),
    Active: row.active,
    FullyQualifiedName: row.name,
    Taxable: row.taxable,
    UnitPrice: amount(row.unitPriceCents),
    Type: row.type,
    IncomeAccountRef: { value: row.incomeAccount.id, name: row.incomeAccount.name },
    PurchaseCost: 0,
    TrackQtyOnHand: row.type === 'Inventory',
    ...(row.qtyOnHand === undefined ? {} : { QtyOnHand: row.qtyOnHand }),
    domain: 'QBO',
    sparse: false,
    Id: row.id,
    SyncToken: String(row.syncToken),
    MetaData: metaJson(row),
  };
}

const body = z
  .object({
    ...updateKeys,
    Name: z.string().max(100).optional(),
    Sku: z.string().optional(),
    Description: z.string().max(4000).optional(),
    Type: z.enum(['Service', 'Inventory', 'NonInventory']).optional(),
    UnitPrice: z.number().nonnegative().optional(),
    IncomeAccountRef: ref.optional(),
    Active: z.boolean().optional(),
    Taxable: z.boolean().optional(),
    QtyOnHand: z.number().optional(),
  })
  .loose();

const nameTaken = (company: QboCompanyData, name: string, except?: QboItemRecord): boolean =>
  company.items.rows.some((item) => item !== except && item.name.toLowerCase() === name.toLowerCase());

const duplicate = (name: string) => ({ Message: 'Duplicate Name Exists Error', Detail: `The name supplied already exists. : ${name}`, code: '6240', element: '' });

export const itemEntity: QboEntityDef<QboItemRecord> = {
  name: 'Item',
  path: 'item',
  cdc: true,
  rows: (company) => company.items.rows,
  byId: (company, id) => company.items.get(id),
  id: (row) => row.id,
  hidesInactive: true,
  fields: {
    id: { kind: 'id', get: (row) => row.id },
    name: { kind: 'string', get: (row) => row.name },
    sku: { kind: 'string', get: (row) => row.sku },
    type: { kind: 'string', get: (row) => row.type },
    active: { kind: 'boolean', get: (row) => row.active },
    unitprice: { kind: 'number', get: (row) => row.unitPriceCents / 100 },
    ...metaFields<QboItemRecord>(),
  },
  toJson: itemJson,
  body,
  write: (company, raw, now) => {
    const b = body.parse(raw);
    if (b.Id === undefined) {
      const name = b.Name?.trim() ?? '';
      if (name === '') return { ok: false, error: required('Name') };
      if (b.IncomeAccountRef === undefined) return { ok: false, error: required('IncomeAccountRef') };
      if (nameTaken(company, name)) return { ok: false, error: duplicate(name) };
      const type = b.Type ?? 'Service';
      const row: QboItemRecord = {
        id: String(Math.max(0, ...company.items.rows.map((item) => Number(item.id))) + 1),
        syncToken: 0, createdAt: now, updatedAt: now, name, type, unitPriceCents: toCents(b.UnitPrice ?? 0),
        incomeAccount: { id: b.IncomeAccountRef.value, name: b.IncomeAccountRef.name ?? 'Sales' }, active: b.Active ?? true, taxable: b.Taxable ?? false,
      };
      if (b.Sku !== undefined) row.sku = b.Sku;
      if (b.Description !== undefined) row.description = b.Description;
      if (type === 'Inventory') row.qtyOnHand = b.QtyOnHand ?? 0;
      company.items.add(row);
      return { ok: true, id: row.id, json: itemJson(company, row), operation: 'Create' };
    }
    const check = checkUpdate('Item', company.items.get(b.Id), b);
    if (!check.ok) return check;
    const row = check.row;
    if (b.Name !== undefined && b.Name.trim() !== '') {
      if (nameTaken(company, b.Name.trim(), row)) return { ok: false, error: duplicate(b.Name.trim()) };
      row.name = b.Name.trim();
    }
    if (b.UnitPrice !== undefined) row.unitPriceCents = toCents(b.UnitPrice);
    if (b.Description !== undefined) row.description = b.Description;
    if (b.Sku !== undefined) row.sku = b.Sku;
    if (b.Active !== undefined) row.active = b.Active;
    if (b.Taxable !== undefined) row.taxable = b.Taxable;
    if (b.QtyOnHand !== undefined && row.type === 'Inventory') row.qtyOnHand = b.QtyOnHand;
    bump(row, now);
    return { ok: true, id: row.id, json: itemJson(company, row), operation: 'Update' };
  },
};
