import { z } from 'zod';
import { ItemSchema, PartySchema, type Item, type Party } from '../../../lib/model';
import { splitEmails } from './map-customer';
import { Amount, MetaData, QboId, Ref, blankToNull, checked, decimal, isoTime, skip, unreadable, type MapContext, type Mapped } from './map-common';

/** QBO list entities beyond Customer: Item, Employee, Vendor → lib/model. Pure; never throws. */
const Item_ = z
  .object({
    Id: QboId,
    Name: z.string().optional(),
    FullyQualifiedName: z.string().optional(),
    Sku: z.string().optional(),
    Description: z.string().optional(),
    Type: z.string().optional(),
    UnitPrice: Amount.optional(),
    SalesTaxCodeRef: Ref.optional(),
    Active: z.boolean().optional(),
    MetaData,
  })
  ;

const ITEM_TYPE: Record<string, Item['type']> = { service: 'service', inventory: 'inventory', noninventory: 'non_inventory' };

export function mapQboItem(raw: unknown, ctx: MapContext): Mapped<Item> {
  const parsed = Item_.safeParse(raw);
  if (!parsed.success) return unreadable('item', raw, parsed.error, 'an item');
  const i = parsed.data;
  const name = blankToNull(i.Name) ?? blankToNull(i.FullyQualifiedName);
  if (!name) return skip('item', i.Id, 'no_name', `Item ${i.Id} has no name.`);
  const unitPrice = decimal(i.UnitPrice, null);
  if (i.UnitPrice !== undefined && unitPrice === null) return skip('item', i.Id, 'malformed', `Item ${i.Id} has a price that is not a number.`);
  const item: Item = {
    provider: 'qbo',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: i.Id,
    updatedAt: isoTime(i.MetaData?.LastUpdatedTime),
    name,
    sku: blankToNull(i.Sku),
    description: blankToNull(i.Description),
    type: ITEM_TYPE[(i.Type ?? '').toLowerCase()] ?? 'other',
    unitPrice,
    taxCode: blankToNull(i.SalesTaxCodeRef?.value),
    active: i.Active ?? true,
  };
  return checked('item', i.Id, ItemSchema, item, 'Item');
}

const Party_ = z
  .object({
    Id: QboId,
    DisplayName: z.string().optional(),
    GivenName: z.string().optional(),
    FamilyName: z.string().optional(),
    CompanyName: z.string().optional(),
    PrimaryEmailAddr: z.object({ Address: z.string().optional() }).optional(),
    Active: z.boolean().optional(),
    MetaData,
  })
  ;

function mapParty(entity: 'employee' | 'vendor', raw: unknown, ctx: MapContext): Mapped<Party> {
  const label = entity === 'employee' ? 'Employee' : 'Vendor';
  const parsed = Party_.safeParse(raw);
  if (!parsed.success) return unreadable(entity, raw, parsed.error, `a ${entity}`);
  const p = parsed.data;
  const displayName =
    blankToNull(p.DisplayName) ?? blankToNull(p.CompanyName) ?? ([blankToNull(p.GivenName), blankToNull(p.FamilyName)].filter(Boolean).join(' ') || null);
  if (!displayName) return skip(entity, p.Id, 'no_name', `${label} ${p.Id} has no name.`);
  const party: Party = {
    provider: 'qbo',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: p.Id,
    updatedAt: isoTime(p.MetaData?.LastUpdatedTime),
    displayName,
    emails: splitEmails(p.PrimaryEmailAddr?.Address),
    active: p.Active ?? true,
  };
  return checked(entity, p.Id, PartySchema, party, label);
}

export const mapQboEmployee = (raw: unknown, ctx: MapContext) => mapParty('employee', raw, ctx);
export const mapQboVendor = (raw: unknown, ctx: MapContext) => mapParty('vendor', raw, ctx);
