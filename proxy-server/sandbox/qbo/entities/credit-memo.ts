import { z } from 'zod';
import type { QboCreditMemoRecord } from '../other-records.js';
import type { QboCompanyData } from '../records.js';
import { amount, bump, checkUpdate, metaFields } from './common.js';
import type { QboEntityDef } from './entity-def.js';
import { newSalesTxn, salesTxnFields, salesTxnJson, salesTxnKeys, updateSalesTxn } from './sales-txn.js';

/**
 * CreditMemo (Finance.xsd CreditMemo): RemainingCredit is credit not yet applied; QBO also sends it as Balance.
 * Unapplied credit lowers the customer's Balance (customer Balance = open invoices − unapplied credit), so every
 * create or re-priced update moves the customer's balance by the change in RemainingCredit.
 */
export function creditMemoJson(company: QboCompanyData, row: QboCreditMemoRecord): Record<string, unknown> {
  return salesTxnJson(company, row, {}, { Balance: amount(row.remainingCreditCents), RemainingCredit: amount(row.remainingCreditCents) });
}

const body = z.object(salesTxnKeys).loose();

export const creditMemoEntity: QboEntityDef<QboCreditMemoRecord> = {
  name: 'CreditMemo',
  path: 'creditmemo',
  cdc: true,
  rows: (company) => company.creditMemos.rows,
  byId: (company, id) => company.creditMemos.get(id),
  id: (row) => row.id,
  hidesInactive: false,
  fields: {
    ...salesTxnFields,
    balance: { kind: 'number', get: (row) => row.remainingCreditCents / 100 },
    ...metaFields<QboCreditMemoRecord>(),
  },
  toJson: creditMemoJson,
  body,
  write: (company, raw, now) => {
    const b = body.parse(raw);
    if (b.Id === undefined) {
      const base = newSalesTxn(company, b, now);
      if (!base.ok) return base;
      const row: QboCreditMemoRecord = { ...base.txn, remainingCreditCents: base.txn.totalCents };
      company.creditMemos.add(row);
      const customer = company.customer(row.customerId);
      if (customer !== undefined) {
        customer.balanceCents -= row.remainingCreditCents;
        customer.updatedAt = now;
      }
      return { ok: true, id: row.id, json: creditMemoJson(company, row), operation: 'Create', touched: [{ entity: 'Customer', id: row.customerId }] };
    }
    const check = checkUpdate('CreditMemo', company.creditMemos.get(b.Id), b);
    if (!check.ok) return check;
    const row = check.row;
    if (b.CustomerRef !== undefined && b.CustomerRef.value !== row.customerId) {
      return { ok: false, error: { Message: 'Business Validation Error', Detail: 'The sandbox does not move a credit memo to another customer.', code: '6000', element: 'CustomerRef' } };
    }
    const appliedCents = row.totalCents - row.remainingCreditCents;
    const error = updateSalesTxn(company, row, b);
    if (error !== undefined) return { ok: false, error };
    const remaining = Math.max(0, row.totalCents - appliedCents);
    const customer = company.customer(row.customerId);
    if (customer !== undefined && remaining !== row.remainingCreditCents) {
      customer.balanceCents -= remaining - row.remainingCreditCents;
      customer.updatedAt = now;
    }
    row.remainingCreditCents = remaining;
    bump(row, now);
    return { ok: true, id: row.id, json: creditMemoJson(company, row), operation: 'Update', touched: [{ entity: 'Customer', id: row.customerId }] };
  },
};
