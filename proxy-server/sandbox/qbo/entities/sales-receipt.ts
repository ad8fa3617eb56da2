import { z } from 'zod';
import type { QboSalesReceiptRecord } from '../other-records.js';
import type { QboCompanyData } from '../records.js';
import { bump, checkUpdate, metaFields } from './common.js';
import type { QboEntityDef } from './entity-def.js';
import { newSalesTxn, salesTxnFields, salesTxnJson, salesTxnKeys, updateSalesTxn } from './sales-txn.js';

/**
 * SalesReceipt: a sale paid on the spot, so Balance is 0 and the customer's balance is untouched; the money goes to
 * Undeposited Funds (recorded/update__sales_receipt__0.json).
 */
export function salesReceiptJson(company: QboCompanyData, row: QboSalesReceiptRecord): Record<string, unknown> {
  return salesTxnJson(company, row, {}, {
    Balance: 0,
    ...(row.paymentMethod === undefined ? {} : { PaymentMethodRef: { value: '1', name: row.paymentMethod } }),
    DepositToAccountRef: { value: '4', name: 'Undeposited Funds' },
  });
}

const body = z.object({ ...salesTxnKeys, PaymentMethodRef: z.object({ value: z.string(), name: z.string().optional() }).loose().optional() }).loose();

export const salesReceiptEntity: QboEntityDef<QboSalesReceiptRecord> = {
  name: 'SalesReceipt',
  path: 'salesreceipt',
  cdc: true,
  rows: (company) => company.salesReceipts.rows,
  byId: (company, id) => company.salesReceipts.get(id),
  id: (row) => row.id,
  hidesInactive: false,
  fields: { ...salesTxnFields, ...metaFields<QboSalesReceiptRecord>() },
  toJson: salesReceiptJson,
  body,
  write: (company, raw, now) => {
    const b = body.parse(raw);
    if (b.Id === undefined) {
      const base = newSalesTxn(company, b, now);
      if (!base.ok) return base;
      const row: QboSalesReceiptRecord = { ...base.txn };
      if (b.PaymentMethodRef !== undefined) row.paymentMethod = b.PaymentMethodRef.name ?? 'Cash';
      company.salesReceipts.add(row);
      return { ok: true, id: row.id, json: salesReceiptJson(company, row), operation: 'Create' };
    }
    const check = checkUpdate('SalesReceipt', company.salesReceipts.get(b.Id), b);
    if (!check.ok) return check;
    const row = check.row;
    const error = updateSalesTxn(company, row, b);
    if (error !== undefined) return { ok: false, error };
    bump(row, now);
    return { ok: true, id: row.id, json: salesReceiptJson(company, row), operation: 'Update' };
  },
};
