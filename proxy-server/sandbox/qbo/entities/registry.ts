import { creditMemoEntity } from './credit-memo.js';
import { employeeEntity } from './employee.js';
import type { QboEntityDef } from './entity-def.js';
import { estimateEntity } from './estimate.js';
import { itemEntity } from './item.js';
import { salesReceiptEntity } from './sales-receipt.js';
import { taxCodeEntity } from './tax-code.js';
import { timeActivityEntity } from './time-activity.js';
import { vendorEntity } from './vendor.js';

/** Every entity served through the generic read/write/query/CDC routes (entity-def.ts). */
export const QBO_ENTITY_DEFS: readonly QboEntityDef<never>[] = [
  vendorEntity, employeeEntity, itemEntity, taxCodeEntity, estimateEntity, creditMemoEntity, salesReceiptEntity, timeActivityEntity,
] as unknown as QboEntityDef<never>[];
