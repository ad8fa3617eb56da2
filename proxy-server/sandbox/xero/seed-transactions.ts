import { seededGuid, seededGuidWords } from './support/guid';
import { DAY_MS, startOfUtcDay } from './support/ms-date';
import { type XeroPrng } from './support/prng';
import { createInvoiceColumns, type SeedCurrency, STATUS_CODE } from './store/invoice-columns';
import {
  type CreditNoteRecord,
  type InvoiceStatus,
  type ItemRecord,
  type LineItemRecord,
  type QuoteRecord,
} from './store/model';
import { createLineDraws, drawLines, drawnTotals, lineId } from './store/seeded-lines';
import { documentTotals, lineTaxCents } from './store/totals';
import { installSeededInvoices, type TenantStore } from './store/tenant-store';
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

/** The organisation's invoice currencies (base first), each with the tax its invoices carry. */
function currencyTable(store: TenantStore, billable: readonly SeededContact[]): { currencies: SeedCurrency[]; codeOf: Map<string, number> } {
  const base = store.organisation.baseCurrency;
  const currencies: SeedCurrency[] = [{ code: base, rate: 1, basisPoints: store.organisation.salesTaxBasisPoints }];
  const codeOf = new Map([[base, 0]]);
  for (const seeded of billable) {
    if (codeOf.has(seeded.currency)) continue;
    codeOf.set(seeded.currency, currencies.length);
    currencies.push({ code: seeded.currency, rate: seeded.currencyRate, basisPoints: 0 });
  }
  return { currencies, codeOf };
}

/**
 * Invoices, payments, quotes and credit notes for the seeded contacts (contacts[i] is at position i of the store's
 * contact list). Invoices and their payments go into compact columns (store/invoice-columns.ts): a million of them
 * seed in seconds. Invariant the tests rely on: for every contact, the AmountDue of its AUTHORISED ACCREC invoices
 * sums exactly (integer cents) to Balances.AccountsReceivable.Outstanding, which holds by construction because
 * balances are derived (store/tenant-store.ts contactBalances).
 */
export function seedTransactions(
  store: TenantStore,
  prng: XeroPrng,
  contacts: readonly SeededContact[],
  invoiceCount: number,
  now: number,
): void {
  const todayDay = Math.floor(now / DAY_MS);
  const positions = new Map(contacts.map((seeded, position) => [seeded, position]));
  const billable = contacts.filter((seeded) => seeded.role !== 'idle' && seeded.contact.status === 'ACTIVE');
  const { currencies, codeOf } = currencyTable(store, billable);
  const columns = createInvoiceColumns(billable.length === 0 ? 0 : invoiceCount);
  const draws = createLineDraws();
  for (let row = 0; row < columns.capacity; row += 1) {
    // Every billable contact gets at least one invoice before any gets a second, so small seeds stay interesting.
    const seeded = row < billable.length ? billable[row] : prng.pick(billable);
    if (!seeded) continue;
    const isBill = seeded.role === 'supplier';
    const currency = codeOf.get(seeded.currency) ?? 0;
    // The first invoice of each customer stays open, so every customer has a balance to show.
    const status: InvoiceStatus = row < billable.length ? 'AUTHORISED' : pickStatus(prng);
    const dateDay = todayDay - prng.int(1, 420);
    const dueDay = dateDay + prng.pick([7, 14, 20, 30]);
    seededGuidWords(prng, columns.guid, row * 4);
    const lineKey = prng.uint32() | 0;
    const { subTotalCents, taxCents } = drawnTotals(drawLines(lineKey, draws), currencies[currency]?.basisPoints ?? 0);
    const totalCents = subTotalCents + taxCents;
    columns.contact[row] = positions.get(seeded) ?? 0;
    columns.type[row] = isBill ? 1 : 0;
    columns.number[row] = isBill ? row + 1 : store.nextInvoiceNumber++;
    columns.reference[row] = prng.chance(0.4) ? prng.int(1000, 99999) : 0;
    columns.dateDay[row] = dateDay;
    columns.dueDay[row] = dueDay;
    columns.status[row] = STATUS_CODE[status];
    columns.currency[row] = currency;
    columns.taxCents[row] = taxCents;
    columns.totalCents[row] = totalCents;
    columns.lineKey[row] = lineKey;
    let updatedAt = Math.min(now - 1, dateDay * DAY_MS + prng.int(1, 72) * 3_600_000);
    const partial = status === 'AUTHORISED' && prng.chance(0.2) && totalCents > 100;
    if (status === 'PAID' || partial) {
      const paymentDay = Math.min(todayDay, dateDay + prng.int(0, 40));
      columns.paidCents[row] = partial ? Math.floor(totalCents / prng.int(2, 4)) : totalCents;
      columns.payDay[row] = paymentDay;
      seededGuidWords(prng, columns.payGuid, row * 4);
      updatedAt = Math.max(updatedAt, Math.min(now - 1, paymentDay * DAY_MS + 3_600_000));
    }
    columns.updatedAt[row] = updatedAt;
    columns.count = row + 1;
  }
  installSeededInvoices(store, {
    context: {
      columns,
      currencies,
      contactIdAt: (position) => store.contacts[position]?.contactId ?? '',
      invoicePrefix: store.organisation.invoicePrefix,
      seededAt: now,
    },
    contactPositions: new Map(contacts.map((seeded, position) => [seeded.contact.contactId, position])),
  });
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
