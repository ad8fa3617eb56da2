import { createGuidIndex } from './guid-index';
import { type ColumnContext, hasSeededPayment, materialisePayment, seededPaymentUpdatedAt } from './invoice-columns';
import { type BankAccountRecord, type PaymentRecord } from './model';

/**
 * All payments of one organisation in creation order: the seeded ones live in their invoice's row
 * (invoice-columns.ts), later ones are records. Payments are never changed after they are made.
 */
export interface PaymentTable {
  readonly size: number;
  at(position: number): PaymentRecord;
  byId(id: string): PaymentRecord | undefined;
  updatedAtOf(position: number): number;
  add(payment: PaymentRecord): void;
  [Symbol.iterator](): Iterator<PaymentRecord>;
}

export function createPaymentTable(context: ColumnContext, bankAccount: BankAccountRecord): PaymentTable {
  const { columns } = context;
  let seededCount = 0;
  for (let row = 0; row < columns.count; row += 1) if (hasSeededPayment(columns, row)) seededCount += 1;
  // Payment position -> invoice row, in the order the seed made them (invoice order).
  const rows = new Int32Array(seededCount);
  for (let row = 0, k = 0; row < columns.count; row += 1) if (hasSeededPayment(columns, row)) rows[k++] = row;
  const ids = createGuidIndex(columns.payGuid, columns.count);
  const added: PaymentRecord[] = [];
  const addedIds = new Map<string, PaymentRecord>();

  const table: PaymentTable = {
    get size() {
      return seededCount + added.length;
    },
    at(position) {
      if (position >= seededCount) {
        const payment = added[position - seededCount];
        if (!payment) throw new RangeError(`no payment at ${position}`);
        return payment;
      }
      return materialisePayment(context, rows[position] ?? 0, bankAccount);
    },
    byId(id) {
      const lower = id.toLowerCase();
      const row = ids.find(lower);
      return row >= 0 ? materialisePayment(context, row, bankAccount) : addedIds.get(lower);
    },
    updatedAtOf(position) {
      return position >= seededCount ? (added[position - seededCount]?.updatedAt ?? 0) : seededPaymentUpdatedAt(context, rows[position] ?? 0);
    },
    add(payment) {
      added.push(payment);
      addedIds.set(payment.paymentId.toLowerCase(), payment);
    },
    *[Symbol.iterator]() {
      for (let position = 0; position < table.size; position += 1) yield table.at(position);
    },
  };
  return table;
}
