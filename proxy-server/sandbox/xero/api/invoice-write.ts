import { EMPTY_GUID, newGuid } from '../support/guid';
import { amountToCents } from '../support/money';
import { DAY_MS, parseClientDate, startOfUtcDay } from '../support/ms-date';
import { type ContactRecord, type InvoiceRecord, type InvoiceStatus, type LineAmountTypes, type LineItemRecord } from '../store/model';
import { addContact, addInvoice, nextInvoiceNumber, PAYMENT_TERMS_MS, type TenantStore, touchContacts } from '../store/tenant-store';
import { documentTotals, lineTaxCents, taxBasisPointsFor } from '../store/totals';
import { stringField } from './query-helpers';
import { messages } from './validation-error';

export type InvoiceWriteOutcome =
  | { ok: true; invoice: InvoiceRecord; created: boolean; apply: () => void }
  | { ok: false; element: Record<string, unknown> };

const CREATABLE: readonly InvoiceStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];
const EDITABLE: readonly InvoiceStatus[] = ['DRAFT', 'SUBMITTED', 'AUTHORISED'];

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function lineAmountTypesFrom(value: string | undefined, fallback: LineAmountTypes): LineAmountTypes {
  const lower = value?.toLowerCase();
  if (lower === 'inclusive') return 'Inclusive';
  if (lower === 'notax') return 'NoTax';
  if (lower === 'exclusive') return 'Exclusive';
  return fallback;
}

export function linesFrom(raw: unknown, store: TenantStore, lineAmountTypes: LineAmountTypes, errors: string[]): LineItemRecord[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw.flatMap((item): LineItemRecord[] => {
    const line = record(item);
    if (!line) return [];
    const quantity = typeof line['Quantity'] === 'number' ? line['Quantity'] : Number(line['Quantity'] ?? 1);
    const itemCode = stringField(line, 'ItemCode');
    const catalogue = itemCode ? store.items.find((candidate) => candidate.code === itemCode) : undefined;
    if (itemCode && !catalogue) errors.push(`Item code '${itemCode}' is not valid`);
    let unitAmountCents = amountToCents(line['UnitAmount']) ?? catalogue?.salesUnitPriceCents;
    const givenLineCents = amountToCents(line['LineAmount']);
    if (unitAmountCents === undefined && givenLineCents !== undefined && quantity !== 0) {
      unitAmountCents = Math.round(givenLineCents / quantity);
    }
    if (!Number.isFinite(quantity) || unitAmountCents === undefined) {
      errors.push('Line items must have a Quantity and a UnitAmount or LineAmount');
      return [];
    }
    const lineCents = Math.round(quantity * unitAmountCents);
    const taxType = stringField(line, 'TaxType') ?? (lineAmountTypes === 'NoTax' ? 'NONE' : store.organisation.salesTaxType);
    const basisPoints = taxBasisPointsFor(taxType, store.organisation.salesTaxBasisPoints);
    return [{
      lineItemId: newGuid(),
      description: stringField(line, 'Description') ?? catalogue?.description ?? '',
      quantity,
      unitAmountCents,
      itemCode,
      accountCode: stringField(line, 'AccountCode') ?? catalogue?.salesAccountCode ?? '200',
      taxType,
      taxCents: lineTaxCents(lineCents, basisPoints, lineAmountTypes),
      lineCents,
    }];
  });
}

/** Looks the contact up by ContactID, else by Name among active contacts; an unknown Name creates the contact, as Xero does. */
interface ResolvedContact {
  contact?: ContactRecord | undefined;
  create?: ContactRecord;
  error?: string;
}

function resolveContact(store: TenantStore, raw: unknown, now: number): ResolvedContact {
  const given = record(raw);
  if (!given) return { error: 'A Contact must be specified for this type of transaction' };
  const contactId = stringField(given, 'ContactID');
  if (contactId) {
    const contact = store.contactsById.get(contactId.toLowerCase());
    return contact ? { contact } : { error: 'The contact could not be found' };
  }
  const name = stringField(given, 'Name')?.trim();
  if (!name) return { error: 'A Contact must be specified for this type of transaction' };
  const contact = store.contacts.find((c) => c.status === 'ACTIVE' && c.name.toLowerCase() === name.toLowerCase());
  if (contact) return { contact };
  const blank = { line1: '', line2: '', city: '', region: '', postalCode: '', country: '', attentionTo: '' };
  return {
    create: {
      contactId: newGuid(), contactNumber: undefined, accountNumber: undefined, status: 'ACTIVE', name,
      firstName: undefined, lastName: undefined, email: stringField(given, 'EmailAddress'), companyNumber: undefined,
      taxNumber: undefined, website: undefined, contactPersons: [],
      addresses: [{ type: 'STREET', ...blank }, { type: 'POBOX', ...blank }],
      phones: (['DEFAULT', 'DDI', 'FAX', 'MOBILE'] as const).map((type) => ({ type, number: '', areaCode: '', countryCode: '' })),
      isSupplier: false, isCustomer: false, defaultCurrency: undefined, updatedAt: now,
    },
  };
}

function rejected(input: Record<string, unknown>, invoiceId: string, errors: string[]): Record<string, unknown> {
  return { ...input, InvoiceID: invoiceId, HasErrors: true, ValidationErrors: messages(errors) };
}

/**
 * PUT (create) / POST (create or update) one invoice. Totals are recomputed from the lines in integer cents; status
 * changes follow Xero's document life cycle (DRAFT -> SUBMITTED -> AUTHORISED -> PAID, VOIDED only without payments,
 * DELETED only before approval).
 */
export function prepareInvoiceWrite(
  store: TenantStore,
  input: Record<string, unknown>,
  mode: 'PUT' | 'POST',
  now: number,
): InvoiceWriteOutcome {
  const givenId = stringField(input, 'InvoiceID');
  const givenNumber = stringField(input, 'InvoiceNumber');
  const existing =
    mode === 'POST'
      ? givenId
        ? store.invoices.byId(givenId)
        : givenNumber
          ? store.invoices.byNumber(givenNumber)
          : undefined
      : undefined;
  if (mode === 'POST' && givenId && !existing) {
    return { ok: false, element: rejected(input, givenId, ['The invoice could not be found']) };
  }
  const errors: string[] = [];
  const typeInput = stringField(input, 'Type');
  const type = existing?.type ?? (typeInput === 'ACCREC' || typeInput === 'ACCPAY' ? typeInput : undefined);
  if (!type) errors.push('Invoice Type must be ACCREC or ACCPAY');
  const statusInput = stringField(input, 'Status')?.toUpperCase() as InvoiceStatus | undefined;
  const status: InvoiceStatus = statusInput ?? existing?.status ?? 'DRAFT';
  if (!existing && !CREATABLE.includes(status)) errors.push('Invoice not of valid status for creation');
  if (existing) {
    const contentChanged = ['LineItems', 'Contact', 'Date', 'DueDate', 'CurrencyCode', 'LineAmountTypes'].some((key) => key in input);
    if (existing.paidCents > 0 && (contentChanged || status === 'VOIDED' || status === 'DELETED')) {
      errors.push('This document cannot be edited as it has a payment or credit note allocated to it.');
    } else if (!EDITABLE.includes(existing.status) && (contentChanged || status !== existing.status)) {
      errors.push('Invoice not of valid status for modification');
    } else if (status === 'DELETED' && existing.status === 'AUTHORISED') {
      errors.push('Authorised invoices cannot be deleted; void them instead');
    } else if (status === 'VOIDED' && existing.status !== 'AUTHORISED') {
      errors.push('Only authorised invoices can be voided');
    } else if (status === 'PAID') {
      errors.push('Invoice status cannot be set to PAID; apply a payment instead');
    }
  }
  const resolved: ResolvedContact = 'Contact' in input || !existing ? resolveContact(store, input['Contact'], now) : { contact: store.contactsById.get(existing.contactId) };
  if (resolved.error) errors.push(resolved.error);
  const lineAmountTypes = lineAmountTypesFrom(stringField(input, 'LineAmountTypes'), existing?.lineAmountTypes ?? 'Exclusive');
  const lines = linesFrom(input['LineItems'], store, lineAmountTypes, errors) ?? existing?.lines ?? [];
  if (!existing && status !== 'DRAFT' && lines.length === 0) errors.push('At least one line item is required');
  const dateInput = stringField(input, 'Date');
  const date = dateInput ? parseClientDate(dateInput) : existing?.date ?? startOfUtcDay(now);
  const dueInput = stringField(input, 'DueDate');
  const dueDate = dueInput ? parseClientDate(dueInput) : existing?.dueDate ?? (date ?? startOfUtcDay(now)) + PAYMENT_TERMS_MS;
  if (date === undefined || dueDate === undefined) errors.push('Dates must be in the format YYYY-MM-DD');
  if (errors.length > 0 || !type || date === undefined || dueDate === undefined) {
    return { ok: false, element: rejected(input, existing?.invoiceId ?? EMPTY_GUID, errors) };
  }
  const contact = resolved.contact ?? resolved.create;
  if (!contact) return { ok: false, element: rejected(input, EMPTY_GUID, ['A Contact must be specified for this type of transaction']) };
  const currencyCode = stringField(input, 'CurrencyCode') ?? existing?.currencyCode ?? contact.defaultCurrency ?? store.organisation.baseCurrency;
  const totals = documentTotals(lines, lineAmountTypes);
  const invoice: InvoiceRecord = {
    invoiceId: existing?.invoiceId ?? newGuid(),
    type,
    contactId: contact.contactId,
    invoiceNumber: givenNumber ?? existing?.invoiceNumber ?? '',
    reference: stringField(input, 'Reference') ?? existing?.reference ?? '',
    date: startOfUtcDay(date),
    dueDate: startOfUtcDay(dueDate),
    status,
    lineAmountTypes,
    currencyCode,
    currencyRate: existing?.currencyRate ?? 1,
    lines,
    ...totals,
    paidCents: existing?.paidCents ?? 0,
    creditedCents: existing?.creditedCents ?? 0,
    sentToContact: existing?.sentToContact ?? false,
    paymentIds: [...(existing?.paymentIds ?? [])],
    fullyPaidOn: existing?.fullyPaidOn,
    updatedAt: now,
  };
  return {
    ok: true,
    invoice,
    created: !existing,
    apply: () => {
      if (resolved.create) addContact(store, resolved.create);
      // IsCustomer/IsSupplier follow from transactions and do not bump the contact's UpdatedDateUTC (api-facts.md section 2).
      if (invoice.status === 'AUTHORISED') {
        if (invoice.type === 'ACCREC') contact.isCustomer = true;
        else contact.isSupplier = true;
        touchContacts(store);
      }
      if (existing) {
        store.invoices.edit(existing, (stored) => Object.assign(stored, invoice));
        return;
      }
      if (invoice.invoiceNumber === '' && invoice.type === 'ACCREC') invoice.invoiceNumber = nextInvoiceNumber(store);
      addInvoice(store, invoice);
    },
  };
}

export const DEFAULT_DUE_DAYS = PAYMENT_TERMS_MS / DAY_MS;
