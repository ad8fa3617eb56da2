import type { QboCompanyData, QboInvoiceLineRecord, QboInvoiceRecord, QboCustomerRecord } from '../qbo/records.js';
import { DAY_MS, formatQboDate } from '../qbo/qbo-time.js';
import { ITEMS } from './name-data.js';
import type { Prng } from './prng.js';

/**
 * Invoices are derived from the customers' balances so that every customer's Balance equals the sum of its open
 * invoices' Balance to the cent (the panel shows both; a mismatch would be a sandbox bug, not a product bug).
 * Paid invoices (Balance 0) are added for history, up to `target` per company when given.
 */
const PAID_HISTORY_MAX_CUSTOMERS = 10_000;

export function seedInvoices(company: QboCompanyData, prng: Prng, options: { now: number; target?: number }): void {
  const customers = company.customers.slice();
  let created = 0;
  let docNumber = 1000;
  const add = (customer: QboCustomerRecord, totalCents: number, balanceCents: number, ageDays: number): void => {
    const txnMs = options.now - ageDays * DAY_MS;
    const invoice: QboInvoiceRecord = {
      id: company.nextId(),
      syncToken: balanceCents === totalCents ? 0 : 1,
      docNumber: String((docNumber += 1)),
      customerId: customer.id,
      txnDate: formatQboDate(txnMs),
      dueDate: formatQboDate(txnMs + 30 * DAY_MS),
      lines: splitLines(prng, totalCents),
      totalCents,
      balanceCents,
      currency: customer.currency,
      emailStatus: customer.email === undefined ? 'NotSet' : 'EmailSent',
      createdAt: Math.max(customer.createdAt, txnMs),
      updatedAt: Math.max(customer.createdAt, txnMs + (balanceCents === totalCents ? 0 : prng.int(1, 20) * DAY_MS)),
    };
    invoice.updatedAt = Math.min(invoice.updatedAt, options.now);
    if (customer.email !== undefined) invoice.billEmail = customer.email;
    company.addInvoice(invoice);
    created += 1;
  };

  for (const customer of customers) {
    if (customer.balanceCents <= 0) continue;
    const parts = splitAmount(prng, customer.balanceCents, prng.int(1, 3));
    for (const balance of parts) {
      // One in five open invoices is partly paid: its total is larger than what is still owed.
      const total = prng.chance(0.2) ? balance + prng.int(1, 50) * 1000 : balance;
      add(customer, total, balance, prng.int(0, 120));
    }
  }
  const paidPerCustomer = (): number => prng.int(0, 2);
  // Paid history is for demos and the panel's invoice list; at benchmark scale it would only cost memory.
  if (options.target === undefined && customers.length <= PAID_HISTORY_MAX_CUSTOMERS) {
    for (const customer of customers) {
      for (let i = paidPerCustomer(); i > 0; i -= 1) {
        const total = prng.int(5_000, 500_000);
        add(customer, total, 0, prng.int(60, 700));
      }
    }
  } else if (options.target !== undefined) {
    while (created < options.target && customers.length > 0) {
      const customer = prng.pick(customers);
      add(customer, prng.int(5_000, 500_000), 0, prng.int(60, 700));
    }
  }
}

/** Splits `total` cents into `count` positive parts that sum to it exactly. */
export function splitAmount(prng: Prng, total: number, count: number): number[] {
  const parts = Math.max(1, Math.min(count, total));
  if (parts === 1) return [total];
  const cuts = new Set<number>();
  while (cuts.size < parts - 1) cuts.add(prng.int(1, total - 1));
  const sorted = [...cuts].sort((a, b) => a - b);
  const result: number[] = [];
  let previous = 0;
  for (const cut of sorted) {
    result.push(cut - previous);
    previous = cut;
  }
  result.push(total - previous);
  return result;
}

function splitLines(prng: Prng, totalCents: number): QboInvoiceLineRecord[] {
  return splitAmount(prng, totalCents, prng.int(1, 3)).map((amountCents, index) => {
    const item = prng.pick(ITEMS);
    // Whole quantities when the amount divides evenly by the item's price, else one unit at the amount.
    const qty = amountCents % item.unitCents === 0 ? amountCents / item.unitCents : 1;
    return {
      id: String(index + 1),
      description: `${item.name} rendered`,
      amountCents,
      qty,
      unitPriceCents: amountCents / qty,
      itemId: item.id,
      itemName: item.name,
    };
  });
}
