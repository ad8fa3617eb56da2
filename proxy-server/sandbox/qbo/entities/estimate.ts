import { z } from 'zod';
import type { QboEstimateRecord } from '../other-records.js';
import type { QboCompanyData } from '../records.js';
import { bump, checkUpdate, date, metaFields } from './common.js';
import type { QboEntityDef } from './entity-def.js';
import { newSalesTxn, salesTxnFields, salesTxnJson, salesTxnKeys, updateSalesTxn } from './sales-txn.js';

/** Estimate (Finance.xsd Estimate): TxnStatus Pending/Accepted/Closed/Rejected, ExpirationDate; no Balance. */
export function estimateJson(company: QboCompanyData, row: QboEstimateRecord): Record<string, unknown> {
  const middle: Record<string, unknown> = {};
  if (row.expirationDate !== undefined) middle.ExpirationDate = row.expirationDate;
  if (row.acceptedBy !== undefined) middle.AcceptedBy = row.acceptedBy;
  if (row.acceptedDate !== undefined) middle.AcceptedDate = row.acceptedDate;
  return salesTxnJson(company, row, { TxnStatus: row.txnStatus, ...middle }, {});
}

const status = z.enum(['Pending', 'Accepted', 'Closed', 'Rejected']);
const body = z.object({ ...salesTxnKeys, TxnStatus: status.optional(), ExpirationDate: date.optional(), AcceptedBy: z.string().optional(), AcceptedDate: date.optional() }).loose();

export const estimateEntity: QboEntityDef<QboEstimateRecord> = {
  name: 'Estimate',
  path: 'estimate',
  cdc: true,
  rows: (company) => company.estimates.rows,
  byId: (company, id) => company.estimates.get(id),
  id: (row) => row.id,
  hidesInactive: false,
  fields: {
    ...salesTxnFields,
    txnstatus: { kind: 'string', get: (row) => row.txnStatus },
    expirationdate: { kind: 'date', get: (row) => row.expirationDate },
    ...metaFields<QboEstimateRecord>(),
  },
  toJson: estimateJson,
  body,
  write: (company, raw, now) => {
    const b = body.parse(raw);
    if (b.Id === undefined) {
      const base = newSalesTxn(company, b, now);
      if (!base.ok) return base;
      const row: QboEstimateRecord = { ...base.txn, txnStatus: b.TxnStatus ?? 'Pending' };
      if (b.ExpirationDate !== undefined) row.expirationDate = b.ExpirationDate;
      if (b.AcceptedBy !== undefined) row.acceptedBy = b.AcceptedBy;
      if (b.AcceptedDate !== undefined) row.acceptedDate = b.AcceptedDate;
      company.estimates.add(row);
      return { ok: true, id: row.id, json: estimateJson(company, row), operation: 'Create' };
    }
    const check = checkUpdate('Estimate', company.estimates.get(b.Id), b);
    if (!check.ok) return check;
    const row = check.row;
    const error = updateSalesTxn(company, row, b);
    if (error !== undefined) return { ok: false, error };
    if (b.TxnStatus !== undefined) row.txnStatus = b.TxnStatus;
    if (b.ExpirationDate !== undefined) row.expirationDate = b.ExpirationDate;
    if (b.AcceptedBy !== undefined) row.acceptedBy = b.AcceptedBy;
    if (b.AcceptedDate !== undefined) row.acceptedDate = b.AcceptedDate;
    bump(row, now);
    return { ok: true, id: row.id, json: estimateJson(company, row), operation: 'Update' };
  },
};
