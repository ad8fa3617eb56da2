import { z } from 'zod';
import { ItemSchema, type Item } from '../../../lib/model';
import { isoFromXero } from './xero-dates';
import { XeroAmount, amount, blankToNull, issueText, rawId, skip, type MapOutcome, type XeroMapContext } from './xero-map-common';

/** Xero Item JSON (examples/getItems.200.json). */
const XeroItem = z
  .object({
    ItemID: z.string().min(1),
    Code: z.string().nullish(),
    Name: z.string().nullish(),
    Description: z.string().nullish(),
    IsTrackedAsInventory: z.boolean().nullish(),
    IsSold: z.boolean().nullish(),
    SalesDetails: z.object({ UnitPrice: XeroAmount.nullish(), TaxType: z.string().nullish() }).passthrough().nullish(),
    UpdatedDateUTC: z.string().nullish(),
  })
  .passthrough();

export function mapXeroItem(raw: unknown, ctx: XeroMapContext): MapOutcome<Item> {
  const id = rawId(raw, 'ItemID');
  const parsed = XeroItem.safeParse(raw);
  if (!parsed.success) return skip('item', id, 'malformed', `Xero sent an item we could not read (${issueText(parsed.error)}).`);
  const item = parsed.data;
  const name = blankToNull(item.Name) ?? blankToNull(item.Code);
  if (!name) return skip('item', item.ItemID, 'no_name', `Item ${item.ItemID} has neither a name nor a code.`);
  const candidate: Item = {
    provider: 'xero',
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: item.ItemID,
    updatedAt: isoFromXero(item.UpdatedDateUTC) ?? new Date(0).toISOString(),
    name,
    sku: blankToNull(item.Code),
    description: blankToNull(item.Description),
    // Xero only knows tracked (inventory) or untracked; untracked may be a service or a product, so "other".
    type: item.IsTrackedAsInventory === true ? 'inventory' : 'other',
    unitPrice: item.SalesDetails?.UnitPrice == null ? null : amount(item.SalesDetails.UnitPrice),
    taxCode: blankToNull(item.SalesDetails?.TaxType),
    // Xero has no archived items over the API; an item not sold is not offered on sales documents.
    active: item.IsSold !== false,
  };
  const checked = ItemSchema.safeParse(candidate);
  if (!checked.success) return skip('item', item.ItemID, 'provider_validation', `Item ${item.ItemID} failed validation (${issueText(checked.error)}).`);
  return { kind: 'record', record: checked.data };
}
