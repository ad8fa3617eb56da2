import { describe, expect, it } from 'vitest';
import { mapXeroCreditNote } from '../../../proxy-server/providers/xero/map-credit-note';
import { mapXeroInvoice } from '../../../proxy-server/providers/xero/map-invoice';
import { mapXeroItem } from '../../../proxy-server/providers/xero/map-item';
import { mapXeroOrganisation } from '../../../proxy-server/providers/xero/map-organisation';
import { mapXeroPayment } from '../../../proxy-server/providers/xero/map-payment';
import { mapXeroQuote } from '../../../proxy-server/providers/xero/map-quote';
import type { MapOutcome } from '../../../proxy-server/providers/xero/xero-map-common';
import { mapLines } from '../../../proxy-server/providers/xero/xero-map-common';
import { ctx, example, recordOf, records } from './fixtures';

function record<T>(outcome: MapOutcome<T>): T {
  if (outcome.kind !== 'record') throw new Error(`expected a record, got ${JSON.stringify(outcome)}`);
  return outcome.record;
}

const LINK = 'https://go.xero.com/organisationlogin/default.aspx?shortcode=!mBdtL&redirecturl=';

describe('mapXeroInvoice (examples/getInvoices.200.json, getInvoice.200.json)', () => {
  it('maps statuses, dates, totals and the balance of every example invoice', () => {
    const mapped = records('getInvoices.200.json', 'Invoices').map((raw) => record(mapXeroInvoice(raw, ctx)));
    expect(mapped.map((i) => [i.number, i.status, i.issueDate, i.dueDate, i.total, i.balance, i.currency])).toEqual([
      ['INV-0001', 'void', '2018-10-20', '2018-12-30', '40', '0', 'NZD'],
      ['INV-0002', 'paid', '2018-10-20', '2018-12-30', '46', '0', 'NZD'],
      ['INV-0003', 'open', '2018-11-02', '2018-11-07', '115', '115', 'NZD'],
    ]);
    expect(mapped[2]).toMatchObject({
      provider: 'xero',
      id: '7ef31b20-de17-4312-8382-412f869b1510',
      updatedAt: '2018-11-02T16:37:28.927Z',
      webUrl: `${LINK}/AccountsReceivable/View.aspx?InvoiceID=7ef31b20-de17-4312-8382-412f869b1510`,
    });
  });

  it('maps line items (present when paged)', () => {
    const invoice = record(mapXeroInvoice(recordOf('getInvoice.200.json', 'Invoices'), ctx));
    expect(invoice.lines[0]).toEqual({
      description: 'Guitars Fender Strat',
      itemId: null,
      itemName: '123',
      quantity: '1',
      unitPrice: '148062.76',
      amount: '148062.76',
      taxCode: 'NONE',
    });
  });

  it('bills are ignored, DELETED is a deletion, SUBMITTED reads as draft', () => {
    const base = recordOf('getInvoices.200.json', 'Invoices', 2);
    expect(mapXeroInvoice({ ...base, Type: 'ACCPAY' }, ctx)).toEqual({ kind: 'ignored' });
    expect(mapXeroInvoice({ ...base, Status: 'DELETED' }, ctx)).toEqual({ kind: 'deleted', id: '7ef31b20-de17-4312-8382-412f869b1510' });
    expect(record(mapXeroInvoice({ ...base, Status: 'SUBMITTED' }, ctx)).status).toBe('draft');
  });

  it('falls back to the MS-JSON date when DateString is absent; no due date is null', () => {
    const base = recordOf('getInvoices.200.json', 'Invoices', 2);
    delete base['DateString'];
    delete base['DueDateString'];
    delete base['DueDate'];
    expect(record(mapXeroInvoice(base, ctx))).toMatchObject({ issueDate: '2018-11-02', dueDate: null });
  });

  it('awkward and malformed invoices are skipped with reasons', () => {
    const base = recordOf('getInvoices.200.json', 'Invoices', 2);
    const id = '7ef31b20-de17-4312-8382-412f869b1510';
    expect(mapXeroInvoice({ ...base, Contact: undefined }, ctx)).toMatchObject({ kind: 'skipped', skipped: { entity: 'invoice', providerId: id, reason: 'malformed' } });
    expect(mapXeroInvoice({ ...base, Status: 'PENDING_MAGIC' }, ctx)).toMatchObject({ kind: 'skipped', skipped: { reason: 'malformed' } });
    expect(mapXeroInvoice({ ...base, Date: null, DateString: 'soon' }, ctx)).toMatchObject({ kind: 'skipped', skipped: { reason: 'malformed' } });
    expect(mapXeroInvoice({ ...base, CurrencyCode: undefined }, { ...ctx, baseCurrency: null })).toMatchObject({ kind: 'skipped', skipped: { reason: 'currency_unsupported' } });
    expect(mapXeroInvoice({ ...base, LineItems: [{ Description: 'x', Quantity: 2, UnitAmount: 3 }] }, ctx)).toMatchObject({ kind: 'skipped', skipped: { reason: 'malformed' } });
    expect(mapXeroInvoice('not an invoice', ctx)).toMatchObject({ kind: 'skipped', skipped: { providerId: null, reason: 'malformed' } });
  });
});

describe('mapLines', () => {
  it('tax-inclusive lines are stored before tax, exactly', () => {
    const lines = mapLines([{ Description: 'Widget', Quantity: 1, UnitAmount: 115, LineAmount: 115, TaxAmount: 15, TaxType: 'OUTPUT2' }], 'Inclusive');
    expect(lines?.[0]?.amount).toBe('100');
    expect(mapLines([{ LineAmount: 0.3, TaxAmount: 0.1 }], 'INCLUSIVE')?.[0]?.amount).toBe('0.2');
  });

  it('heading lines without quantity or amount carry no money; item references are kept', () => {
    expect(mapLines([{ Description: 'Phase 1' }, { LineAmount: 10, Item: { ItemID: 'i-1', Name: 'Guitars', Code: '123' } }], 'Exclusive')).toEqual([
      { description: 'Phase 1', itemId: null, itemName: null, quantity: null, unitPrice: null, amount: '0', taxCode: null },
      { description: null, itemId: 'i-1', itemName: 'Guitars', quantity: null, unitPrice: null, amount: '10', taxCode: null },
    ]);
  });
});

describe('mapXeroQuote (xero_accounting.yaml Quote, as the sandbox serves it)', () => {
  const quote = {
    QuoteID: 'be59294f-2a9c-4cee-8c64-0f0ddbc1883a',
    QuoteNumber: 'QU-0001',
    Contact: { ContactID: '060816db-0ed7-44de-ab58-8fee9316fcd5', Name: 'Adam' },
    LineItems: [{ Description: 'Fish out of Water', UnitAmount: 19.95, DiscountRate: 10, LineAmount: 17.96, ItemCode: 'BOOK', Quantity: 1, TaxAmount: 2.69, TaxType: 'OUTPUT2' }],
    Date: '/Date(1571875200000)/',
    DateString: '2019-10-24T00:00:00',
    ExpiryDate: '/Date(1572307200000)/',
    ExpiryDateString: '2019-10-29T00:00:00',
    Status: 'SENT',
    CurrencyCode: 'NZD',
    Total: 20.65,
    UpdatedDateUTC: '/Date(1571876635477)/',
    LineAmountTypes: 'EXCLUSIVE',
  };

  it('maps a sent quote to a pending Estimate with lines and a link', () => {
    expect(record(mapXeroQuote(quote, ctx))).toEqual({
      provider: 'xero',
      companyId: ctx.companyId,
      connectionId: 'conn-1',
      id: 'be59294f-2a9c-4cee-8c64-0f0ddbc1883a',
      updatedAt: '2019-10-24T00:23:55.477Z',
      customerId: '060816db-0ed7-44de-ab58-8fee9316fcd5',
      number: 'QU-0001',
      status: 'pending',
      issueDate: '2019-10-24',
      expiryDate: '2019-10-29',
      currency: 'NZD',
      total: '20.65',
      lines: [{ description: 'Fish out of Water', itemId: null, itemName: 'BOOK', quantity: '1', unitPrice: '19.95', amount: '17.96', taxCode: 'OUTPUT2' }],
      webUrl: `${LINK}/Accounts/Receivable/Quotes/View/be59294f-2a9c-4cee-8c64-0f0ddbc1883a`,
    });
  });

  it('statuses: INVOICED → closed, DECLINED → declined, DELETED → deletion, unknown → skipped', () => {
    expect(record(mapXeroQuote({ ...quote, Status: 'INVOICED' }, ctx)).status).toBe('closed');
    expect(record(mapXeroQuote({ ...quote, Status: 'declined' }, ctx)).status).toBe('declined');
    expect(mapXeroQuote({ ...quote, Status: 'DELETED' }, ctx)).toEqual({ kind: 'deleted', id: quote.QuoteID });
    expect(mapXeroQuote({ ...quote, Status: 'EXPIRED' }, ctx)).toMatchObject({ kind: 'skipped', skipped: { entity: 'estimate', reason: 'malformed' } });
    expect(mapXeroQuote({ ...quote, Total: 'twenty' }, ctx)).toMatchObject({ kind: 'skipped', skipped: { entity: 'estimate', providerId: quote.QuoteID } });
  });
});

describe('mapXeroCreditNote (examples/getCreditNotes.200.json)', () => {
  it('maps customer credit and ignores supplier credit', () => {
    const [customerCredit, supplierCredit] = records('getCreditNotes.200.json', 'CreditNotes').map((raw) => mapXeroCreditNote(raw, ctx));
    expect(record(customerCredit as MapOutcome<unknown>)).toMatchObject({
      id: '249f15fa-f2a7-4acc-8769-0984103f2225',
      number: 'CN-0005',
      status: 'open',
      date: '2019-03-05',
      total: '34.5',
      remaining: '32.5',
      customerId: '430fa14a-f945-44d3-9f97-5df5e28441b8',
      webUrl: `${LINK}/AccountsReceivable/ViewCreditNote.aspx?creditNoteID=249f15fa-f2a7-4acc-8769-0984103f2225`,
    });
    expect(supplierCredit).toEqual({ kind: 'ignored' });
  });

  it('malformed credit notes are skipped', () => {
    const base = recordOf('getCreditNotes.200.json', 'CreditNotes', 0);
    expect(mapXeroCreditNote({ ...base, Type: undefined }, ctx)).toMatchObject({ kind: 'skipped', skipped: { entity: 'credit_note', reason: 'malformed' } });
    expect(mapXeroCreditNote({ ...base, Status: 'DELETED' }, ctx)).toMatchObject({ kind: 'deleted' });
  });
});

describe('mapXeroPayment (examples/getPayments.200.json)', () => {
  it('maps a customer payment against its invoice; credit-note refunds are not payments of invoices', () => {
    const [payment, refund] = records('getPayments.200.json', 'Payments').map((raw) => mapXeroPayment(raw, ctx));
    expect(record(payment as MapOutcome<unknown>)).toEqual({
      provider: 'xero',
      companyId: ctx.companyId,
      connectionId: 'conn-1',
      id: '99ea7f6b-c513-4066-bc27-b7c65dcd76c2',
      updatedAt: '2018-11-02T16:36:32.690Z',
      customerId: 'a3675fc4-f8dd-4f03-ba5b-f1870566bcd7',
      date: '2018-11-29',
      currency: 'NZD',
      amount: '46',
      reference: null,
      appliedTo: [{ invoiceId: '046d8a6d-1ae1-4b4d-9340-5601bdf41b87', amount: '46' }],
      webUrl: `${LINK}/AccountsReceivable/View.aspx?InvoiceID=046d8a6d-1ae1-4b4d-9340-5601bdf41b87`,
    });
    expect(refund).toEqual({ kind: 'ignored' });
  });

  it('deleted payments are deletions; payments without an invoice are skipped', () => {
    const base = recordOf('getPayments.200.json', 'Payments', 0);
    expect(mapXeroPayment({ ...base, Status: 'DELETED' }, ctx)).toEqual({ kind: 'deleted', id: '99ea7f6b-c513-4066-bc27-b7c65dcd76c2' });
    expect(mapXeroPayment({ ...base, Invoice: undefined }, ctx)).toMatchObject({ kind: 'skipped', skipped: { entity: 'payment', reason: 'malformed' } });
  });
});

describe('mapXeroItem (examples/getItems.200.json)', () => {
  it('maps items with and without sales details', () => {
    const [guitars, hello] = records('getItems.200.json', 'Items').map((raw) => record(mapXeroItem(raw, ctx)));
    expect(guitars).toEqual({
      provider: 'xero',
      companyId: ctx.companyId,
      connectionId: 'conn-1',
      id: 'c8c54d65-f3f2-452d-926e-bf450b12fb07',
      updatedAt: '2019-03-07T17:57:56.267Z',
      name: 'Guitars',
      sku: '123',
      description: 'Guitars Fender Strat',
      type: 'other',
      unitPrice: '5000',
      taxCode: 'OUTPUT2',
      active: true,
    });
    expect(hello).toMatchObject({ name: 'Hello11350', unitPrice: null, taxCode: null });
  });

  it('tracked items are inventory; an item with neither name nor code is skipped', () => {
    const base = recordOf('getItems.200.json', 'Items', 0);
    expect(record(mapXeroItem({ ...base, IsTrackedAsInventory: true, IsSold: false }, ctx))).toMatchObject({ type: 'inventory', active: false });
    expect(mapXeroItem({ ...base, Name: '', Code: null }, ctx)).toMatchObject({ kind: 'skipped', skipped: { entity: 'item', reason: 'no_name' } });
  });
});

describe('mapXeroOrganisation (examples/getOrganisations.200.json)', () => {
  it('reads name, base currency and ShortCode', () => {
    expect(mapXeroOrganisation(example('getOrganisations.200.json'), 'tenant-1')).toEqual({
      tenantId: 'tenant-1',
      name: 'Dev Evangelist - Sid Test 3 (NZ-2016-02)',
      baseCurrency: 'NZD',
      shortCode: '!mBdtL',
      countryCode: 'NZ',
    });
  });

  it('an unexpected envelope is a malformed_response error', () => {
    expect(() => mapXeroOrganisation({ Organisations: [] }, 't')).toThrow(expect.objectContaining({ kind: 'malformed_response' }));
  });
});
