import { newGuid } from '../support/guid';
import { amountToCents } from '../support/money';
import { DAY_MS, parseClientDate, startOfUtcDay } from '../support/ms-date';
import { type ItemRecord, type QuoteRecord, type QuoteStatus } from '../store/model';
import { type TenantStore } from '../store/tenant-store';
import { documentTotals } from '../store/totals';
import { lineAmountTypesFrom, linesFrom } from './invoice-write';
import { stringField } from './query-helpers';
import { messages } from './validation-error';

/**
 * Quote create (PUT /Quotes: Contact, Date, LineItems with TaxType, ExpiryDate, Title; xero_accounting.yaml Quote)
 * and Item create-or-update (PUT/POST /Items: Code unique, SalesDetails.UnitPrice). Errors are the elements of a
 * ValidationException (validation-error.ts).
 */
export type WriteOutcome<T> = { ok: true; record: T; created: boolean } | { ok: false; element: Record<string, unknown> };

const rejected = (input: Record<string, unknown>, errors: string[]) => ({ ok: false as const, element: { ...input, ValidationErrors: messages(errors) } });
const QUOTE_STATUSES: readonly QuoteStatus[] = ['DRAFT', 'SENT', 'DECLINED', 'ACCEPTED', 'INVOICED'];

export function prepareQuote(store: TenantStore, input: Record<string, unknown>, now: number): WriteOutcome<QuoteRecord> {
  const errors: string[] = [];
  const contact = input['Contact'] as Record<string, unknown> | undefined;
  const contactId = typeof contact?.['ContactID'] === 'string' ? contact['ContactID'].toLowerCase() : undefined;
  const stored = contactId === undefined ? undefined : store.contactsById.get(contactId);
  if (!stored) errors.push('A valid contact is required for a quote');
  const lineAmountTypes = lineAmountTypesFrom(stringField(input, 'LineAmountTypes'), 'Exclusive');
  const lines = linesFrom(input['LineItems'], store, lineAmountTypes, errors) ?? [];
  const status = (stringField(input, 'Status')?.toUpperCase() ?? 'DRAFT') as QuoteStatus;
  if (!QUOTE_STATUSES.includes(status)) errors.push(`Quote status ${status} is not valid for creation`);
  const dateText = stringField(input, 'Date');
  const date = (dateText === undefined ? undefined : parseClientDate(dateText)) ?? startOfUtcDay(now);
  if (dateText === undefined) errors.push('Date is required');
  const expiryText = stringField(input, 'ExpiryDate');
  const expiry = (expiryText === undefined ? undefined : parseClientDate(expiryText)) ?? date + 30 * DAY_MS;
  if (errors.length > 0 || !stored) return rejected(input, errors);
  const totals = documentTotals(lines, lineAmountTypes);
  const quote: QuoteRecord = {
    quoteId: newGuid(),
    quoteNumber: stringField(input, 'QuoteNumber') ?? `QU-${String(store.quotes.length + 1).padStart(4, '0')}`,
    reference: stringField(input, 'Reference') ?? '',
    contactId: stored.contactId,
    date,
    expiryDate: expiry,
    status,
    currencyCode: stringField(input, 'CurrencyCode') ?? stored.defaultCurrency ?? store.organisation.baseCurrency,
    lineAmountTypes,
    lines,
    ...totals,
    title: stringField(input, 'Title') ?? '',
    updatedAt: now,
  };
  return { ok: true, record: quote, created: true };
}

export function prepareItem(store: TenantStore, input: Record<string, unknown>, now: number): WriteOutcome<ItemRecord> {
  const code = stringField(input, 'Code');
  const givenId = stringField(input, 'ItemID')?.toLowerCase();
  const existing = store.items.find((item) => (givenId !== undefined && item.itemId === givenId) || (code !== undefined && item.code === code));
  if (!code && !existing) return rejected(input, ['Item code is required']);
  if (code && code.length > 30) return rejected(input, ['Item code must be 30 characters or less']);
  const sales = input['SalesDetails'] as Record<string, unknown> | undefined;
  const price = amountToCents(sales?.['UnitPrice']);
  const item: ItemRecord = existing ?? {
    itemId: newGuid(), code: code ?? '', name: '', description: '', salesUnitPriceCents: undefined, salesAccountCode: '200', isSold: true, isPurchased: false, updatedAt: now,
  };
  if (code !== undefined) item.code = code;
  item.name = stringField(input, 'Name') ?? (item.name || item.code);
  item.description = stringField(input, 'Description') ?? item.description;
  if (price !== undefined) item.salesUnitPriceCents = price;
  const account = typeof sales?.['AccountCode'] === 'string' ? sales['AccountCode'] : undefined;
  if (account !== undefined) item.salesAccountCode = account;
  if (typeof input['IsSold'] === 'boolean') item.isSold = input['IsSold'];
  if (typeof input['IsPurchased'] === 'boolean') item.isPurchased = input['IsPurchased'];
  item.updatedAt = now;
  return { ok: true, record: item, created: existing === undefined };
}
