import { seededGuid } from './support/guid';
import { DAY_MS, startOfUtcDay } from './support/ms-date';
import { type XeroPrng } from './support/prng';
import {
  type CreditNoteRecord,
  type InvoiceRecord,
  type InvoiceStatus,
  type ItemRecord,
  type LineItemRecord,
  type QuoteRecord,
} from './store/model';
import { documentTotals, lineTaxCents } from './store/totals';
import { addInvoice, addPayment, nextInvoiceNumber, type TenantStore } from './store/tenant-store';
import { type SeededContact } from './seed-contacts';
import { LINE_DESCRIPTIONS } from './seed-names';

const ITEM_TEMPLATES = [
  { code: 'CONSULT', name: 'Consulting hour', cents: 15_000 },
  { code: 'RETAINER', name: 'Monthly retainer', cents: 120_000 },
  { code: 'VISIT', name: 'Site visit', cents: 9_500 },
  { code: 'DESIGN', name: 'Design day', cents: 85_000 },
  { code: 'HW-CABLE', name: 'Cable kit', cents: 2_450 },
  { code: 'TRAINING', name: 'Training session', cents: 45_000 },
  { code: 'SUPPORT', name: 'Support block (10h)', cents: 130_000 },
  { code: 'DELIVERY', name: 'Delivery', cents: 1_500 },
] as const;

export function seedItems(store: TenantStore, prng: XeroPrng, now: number): void {
  for (const template of ITEM_TEMPLATES) {
    const item: ItemRecord = {
      itemId: seededGuid(prng),
      code: template.code,
      name: template.name,
      description: template.name,
      salesUnitPriceCents: template.cents,
      salesAccountCode: '200',
      isSold: true,
      isPurchased: prng.chance(0.3),
      updatedAt: now - prng.int(30, 900) * DAY_MS,
    };
    store.items.push(item);
  }
}

/**
 * Line ids are derived from the document id (same 24-character prefix, line number as the last group): still unique
 * GUIDs, and no extra PRNG draws or allocations per line at a million invoices.
 */
function lineId(documentId: string, index: number): string {
  return `${documentId.slice(0, 24)}${(index + 1).toString(16).padStart(12, '0')}`;
}

function seedLines(prng: XeroPrng, taxBasisPoints: number, accountCode: string, documentId: string): LineItemRecord[] {
  const count = prng.int(1, 3);
  const lines: LineItemRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const quantity = prng.int(1, 8);
    const unitAmountCents = prng.int(20, 2_000) * 25;
    const lineCents = quantity * unitAmountCents;
    lines.push({
      lineItemId: lineId(documentId, i),
      description: prng.pick(LINE_DESCRIPTIONS),
      quantity,
      unitAmountCents,
      itemCode: undefined,
      accountCode,
      taxType: taxBasisPoints === 0 ? 'NONE' : 'OUTPUT2',
      taxCents: lineTaxCents(lineCents, taxBasisPoints, 'Exclusive'),
      lineCents,
    });
  }
  return lines;
}

function pickStatus(prng: XeroPrng): InvoiceStatus {
  const roll = prng.next();
  if (roll < 0.55) return 'AUTHORISED';
  if (roll < 0.85) return 'PAID';
  if (roll < 0.92) return 'DRAFT';
  if (roll < 0.96) return 'SUBMITTED';
  return 'VOIDED';
}

/**
 * Invoices, payments, quotes and credit notes for the seeded contacts. Invariant the tests rely on: for every contact,
 * the AmountDue of its AUTHORISED ACCREC invoices sums exactly (integer cents) to Balances.AccountsReceivable.Outstanding,
 * which holds by construction because balances are derived (store/tenant-store.ts contactBalances).
 */
export function seedTransactions(
  store: TenantStore,
  prng: XeroPrng,
  contacts: readonly SeededContact[],
  invoiceCount: number,
  now: number,
): void {
  const today = startOfUtcDay(now);
  const billable = contacts.filter((seeded) => seeded.role !== 'idle' && seeded.contact.status === 'ACTIVE');
  if (billable.length === 0) return;
  const standardRate = store.organisation.salesTaxBasisPoints;
  for (let index = 0; index < invoiceCount; index += 1) {
    // Every billable contact gets at least one invoice before any gets a second, so small seeds stay interesting.
    const seeded = index < billable.length ? billable[index] : prng.pick(billable);
    if (!seeded) continue;
    const isBill = seeded.role === 'supplier';
    const foreign = seeded.currency !== store.organisation.baseCurrency;
    // The first invoice of each customer stays open, so every customer has a balance to show.
    const status: InvoiceStatus = index < billable.length ? 'AUTHORISED' : pickStatus(prng);
    const date = today - prng.int(1, 420) * DAY_MS;
    const dueDate = date + prng.pick([7, 14, 20, 30]) * DAY_MS;
    const invoiceId = seededGuid(prng);
    const lines = seedLines(prng, foreign ? 0 : standardRate, isBill ? '400' : '200', invoiceId);
    const totals = documentTotals(lines, 'Exclusive');
    const updatedAt = Math.min(now - 1, date + prng.int(1, 72) * 3_600_000);
    const invoice: InvoiceRecord = {
      invoiceId,
      type: isBill ? 'ACCPAY' : 'ACCREC',
      contactId: seeded.contact.contactId,
      invoiceNumber: isBill ? `BILL-${String(index + 1).padStart(5, '0')}` : nextInvoiceNumber(store),
      reference: prng.chance(0.4) ? `PO-${prng.int(1000, 99999)}` : '',
      date,
      dueDate,
      status,
      lineAmountTypes: 'Exclusive',
      currencyCode: seeded.currency,
      currencyRate: seeded.currencyRate,
      lines,
      ...totals,
      paidCents: 0,
      creditedCents: 0,
      sentToContact: status !== 'DRAFT' && status !== 'SUBMITTED',
      paymentIds: [],
      fullyPaidOn: undefined,
      updatedAt,
    };
    const partial = status === 'AUTHORISED' && prng.chance(0.2) && totals.totalCents > 100;
    if (status === 'PAID' || partial) {
      const amountCents = partial ? Math.floor(totals.totalCents / prng.int(2, 4)) : totals.totalCents;
      const paymentDate = Math.min(today, date + prng.int(0, 40) * DAY_MS);
      const paymentId = seededGuid(prng);
      addPayment(store, {
        paymentId,
        invoiceId: invoice.invoiceId,
        date: paymentDate,
        amountCents,
        currencyRate: seeded.currencyRate,
        reference: '',
        accountId: store.bankAccount.accountId,
        accountCode: store.bankAccount.code,
        status: 'AUTHORISED',
        updatedAt: Math.min(now - 1, paymentDate + 3_600_000),
      });
      invoice.paidCents = amountCents;
      invoice.paymentIds.push(paymentId);
      if (status === 'PAID') invoice.fullyPaidOn = paymentDate;
      invoice.updatedAt = Math.max(invoice.updatedAt, Math.min(now - 1, paymentDate + 3_600_000));
    }
    addInvoice(store, invoice);
  }
  seedQuotesAndCreditNotes(store, prng, billable, now);
}

function seedQuotesAndCreditNotes(
  store: TenantStore,
  prng: XeroPrng,
  billable: readonly SeededContact[],
  now: number,
): void {
  const today = startOfUtcDay(now);
  const customers = billable.filter((seeded) => seeded.role === 'customer');
  customers.forEach((seeded, index) => {
    const foreign = seeded.currency !== store.organisation.baseCurrency;
    const rate = foreign ? 0 : store.organisation.salesTaxBasisPoints;
    if (index % 4 === 0) {
      const quoteId = seededGuid(prng);
      const lines = seedLines(prng, rate, '200', quoteId);
      const date = today - prng.int(0, 60) * DAY_MS;
      const quote: QuoteRecord = {
        quoteId,
        quoteNumber: `QU-${String(store.quotes.length + 1).padStart(4, '0')}`,
        reference: '',
        contactId: seeded.contact.contactId,
        date,
        expiryDate: date + 30 * DAY_MS,
        status: prng.pick(['DRAFT', 'SENT', 'SENT', 'ACCEPTED', 'DECLINED'] as const),
        currencyCode: seeded.currency,
        lineAmountTypes: 'Exclusive',
        lines,
        ...documentTotals(lines, 'Exclusive'),
        title: 'Quote',
        updatedAt: Math.min(now - 1, date + 3_600_000),
      };
      store.quotes.push(quote);
    }
    if (index % 10 === 3) {
      // Seeded credit notes are fully refunded (PAID, RemainingCredit 0) so they leave balances untouched.
      const creditNoteId = seededGuid(prng);
      const lines = seedLines(prng, rate, '200', creditNoteId).slice(0, 1);
      const totals = documentTotals(lines, 'Exclusive');
      const date = today - prng.int(5, 200) * DAY_MS;
      const creditNote: CreditNoteRecord = {
        creditNoteId,
        creditNoteNumber: `CN-${String(store.creditNotes.length + 1).padStart(4, '0')}`,
        type: 'ACCRECCREDIT',
        contactId: seeded.contact.contactId,
        reference: 'Refund',
        date,
        status: 'PAID',
        currencyCode: seeded.currency,
        lines,
        ...totals,
        remainingCreditCents: 0,
        updatedAt: Math.min(now - 1, date + 3_600_000),
      };
      store.creditNotes.push(creditNote);
    }
  });
}
