import type { QboCreditMemoRecord, QboEstimateRecord, QboEstimateStatus, QboSalesReceiptRecord, QboTimeActivityRecord } from '../qbo/other-records.js';
import type { QboCompanyData, QboCustomerRecord, QboInvoiceLineRecord } from '../qbo/records.js';
import { DAY_MS, formatQboDate } from '../qbo/qbo-time.js';
import { ITEMS } from './name-data.js';
import type { Prng } from './prng.js';

/**
 * Estimates, credit memos, sales receipts and time activities for the first customers (bounded, so seeding 100,000
 * customers costs nothing extra). Credit memos keep some credit unapplied, which lowers the customer's Balance:
 * customer Balance = open invoices − unapplied credit, to the cent (test/unit/sandbox/seed.test.ts).
 */
const MAX_CUSTOMERS_WITH_EXTRAS = 400;
const STATUSES: readonly QboEstimateStatus[] = ['Pending', 'Pending', 'Accepted', 'Closed', 'Rejected'];

export function seedQboTransactions(company: QboCompanyData, prng: Prng, now: number): void {
  const customers = company.customers.filter((customer) => customer.active).slice(0, MAX_CUSTOMERS_WITH_EXTRAS);
  const base = (customer: QboCustomerRecord, ageDays: number) => {
    const lines = oneLine(prng);
    const total = lines.reduce((sum, line) => sum + line.amountCents, 0);
    const at = Math.max(customer.createdAt, now - ageDays * DAY_MS);
    const txn = {
      id: company.nextId(), syncToken: 0, createdAt: at, updatedAt: at, docNumber: company.nextDocNumber(), customerId: customer.id,
      txnDate: formatQboDate(at), lines, subtotalCents: total, taxCents: 0, totalCents: total, currency: customer.currency,
      emailStatus: customer.email === undefined ? ('NotSet' as const) : ('EmailSent' as const),
    };
    return customer.email === undefined ? txn : { ...txn, billEmail: customer.email };
  };
  customers.forEach((customer, index) => {
    if (index % 3 === 0) {
      const estimate: QboEstimateRecord = { ...base(customer, prng.int(0, 90)), txnStatus: prng.pick(STATUSES) };
      estimate.expirationDate = formatQboDate(Date.parse(`${estimate.txnDate}T12:00:00Z`) + 30 * DAY_MS);
      if (estimate.txnStatus === 'Accepted') {
        estimate.acceptedBy = customer.givenName ?? customer.displayName;
        estimate.acceptedDate = estimate.txnDate;
      }
      company.estimates.add(estimate);
    }
    // Unapplied credit only where the open balance covers it, so Balance stays positive and exact.
    if (index % 9 === 4 && customer.balanceCents > 2_000) {
      const memo: QboCreditMemoRecord = { ...base(customer, prng.int(0, 60)), remainingCreditCents: 0 };
      const credit = Math.min(memo.totalCents, customer.balanceCents - 1_000);
      memo.lines = [{ ...(memo.lines[0] as QboInvoiceLineRecord), amountCents: credit, qty: 1, unitPriceCents: credit }];
      memo.subtotalCents = credit;
      memo.totalCents = credit;
      memo.remainingCreditCents = credit;
      customer.balanceCents -= credit;
      company.creditMemos.add(memo);
    }
    if (index % 7 === 2) company.salesReceipts.add({ ...base(customer, prng.int(0, 200)) } satisfies QboSalesReceiptRecord);
  });

  const workers = [
    ...company.employees.rows.filter((employee) => employee.active).map((employee) => ({ nameOf: 'Employee' as const, id: employee.id })),
    ...company.vendors.rows.filter((vendor) => vendor.active).slice(0, 1).map((vendor) => ({ nameOf: 'Vendor' as const, id: vendor.id })),
  ];
  if (workers.length === 0) return;
  for (let n = 0; n < Math.min(40, customers.length); n += 1) {
    const customer = customers[n % customers.length] as QboCustomerRecord;
    const worker = prng.pick(workers);
    const item = prng.pick(ITEMS);
    const at = Math.max(customer.createdAt, now - prng.int(0, 45) * DAY_MS);
    const activity: QboTimeActivityRecord = {
      id: company.nextId(), syncToken: 0, createdAt: at, updatedAt: at, txnDate: formatQboDate(at), nameOf: worker.nameOf, workerId: worker.id,
      customerId: customer.id, itemId: item.id, billableStatus: prng.pick(['Billable', 'NotBillable', 'HasBeenBilled'] as const), taxable: false,
      hourlyRateCents: item.unitCents, costRateCents: 0, hours: prng.int(0, 7), minutes: prng.pick([0, 15, 30, 45]), seconds: 0,
      description: `${item.name} on site`,
    };
    if (n % 5 === 0) {
      const start = new Date(at - (at % DAY_MS) + 9 * 3_600_000);
      activity.startTime = start.toISOString().replace('.000Z', '-07:00');
      activity.endTime = new Date(start.getTime() + (activity.hours * 60 + activity.minutes + 30) * 60_000).toISOString().replace('.000Z', '-07:00');
    }
    company.timeActivities.add(activity);
  }
}

function oneLine(prng: Prng): QboInvoiceLineRecord[] {
  const item = prng.pick(ITEMS);
  const qty = prng.int(1, 8);
  return [{ id: '1', description: `${item.name} rendered`, amountCents: item.unitCents * qty, qty, unitPriceCents: item.unitCents, itemId: item.id, itemName: item.name }];
}
