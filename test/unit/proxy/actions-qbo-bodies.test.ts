import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ProviderRejection, type SalesDocumentDraft, type TimeActivityDraft } from '../../../proxy-server/providers/provider-writes';
import { qboCustomerBody } from '../../../proxy-server/providers/qbo/map-new-customer';
import { findExemptCode, lineAmount, mapCreatedDocument, qboSalesDocumentBody, type TaxContext } from '../../../proxy-server/providers/qbo/map-sales-document';
import { mapCreatedTimeActivity, qboTimeActivityBody, timeTrackingDisabled } from '../../../proxy-server/providers/qbo/map-time-activity';
import { rejectionFromFault } from '../../../proxy-server/providers/qbo/qbo-http';
import { subRequestId } from '../../../proxy-server/providers/qbo/qbo-writes';
import { referencePath } from '../../support/reference';

const recorded = (name: string) =>
  (JSON.parse(readFileSync(referencePath('qbo/recorded', `${name}.json`), 'utf8')) as { body_json: unknown }).body_json;

describe('QBO customer body', () => {
  it('person with a company and two emails', () => {
    expect(
      qboCustomerBody({
        kind: 'person',
        displayName: 'Jane Doe',
        givenName: 'Jane',
        familyName: 'Doe',
        companyName: 'Acme',
        emails: ['jane@acme.test', 'j@acme.test'],
        phone: '+44 20 1234',
        billingAddress: { line1: '9 Office St', line2: null, city: 'York', region: null, postalCode: 'YO1', country: 'GB' },
        shippingAddress: { line1: '9 Office St', line2: null, city: 'York', region: null, postalCode: 'YO1', country: 'GB' },
        currency: null,
      }),
    ).toEqual({
      DisplayName: 'Jane Doe',
      GivenName: 'Jane',
      FamilyName: 'Doe',
      CompanyName: 'Acme',
      PrimaryEmailAddr: { Address: 'jane@acme.test, j@acme.test' },
      PrimaryPhone: { FreeFormNumber: '+44 20 1234' },
      BillAddr: { Line1: '9 Office St', City: 'York', PostalCode: 'YO1', Country: 'GB' },
      ShipAddr: { Line1: '9 Office St', City: 'York', PostalCode: 'YO1', Country: 'GB' },
    });
  });
});

const timeDraft: TimeActivityDraft = {
  customerId: '58',
  party: { type: 'employee', id: '55' },
  date: '2025-11-09',
  hours: 3,
  minutes: 15,
  startTime: null,
  endTime: null,
  billable: true,
  itemId: '8',
  hourlyRate: '15.50',
  description: 'Garden lighting',
};

describe('QBO time activity', () => {
  it('employee, hours and minutes, billable with a rate', () => {
    expect(qboTimeActivityBody(timeDraft)).toEqual({
      NameOf: 'Employee',
      EmployeeRef: { value: '55' },
      CustomerRef: { value: '58' },
      TxnDate: '2025-11-09',
      BillableStatus: 'Billable',
      Hours: 3,
      Minutes: 15,
      ItemRef: { value: '8' },
      HourlyRate: 15.5,
      Description: 'Garden lighting',
    });
  });
  it('vendor with start/end, not billable: no rate, no hours', () => {
    const body = qboTimeActivityBody({
      ...timeDraft,
      party: { type: 'vendor', id: '7' },
      hours: null,
      minutes: null,
      startTime: '2025-11-09T09:00:00-08:00',
      endTime: '2025-11-09T10:30:00-08:00',
      billable: false,
      itemId: null,
      description: null,
    });
    expect(body).toEqual({
      NameOf: 'Vendor',
      VendorRef: { value: '7' },
      CustomerRef: { value: '58' },
      TxnDate: '2025-11-09',
      BillableStatus: 'NotBillable',
      StartTime: '2025-11-09T09:00:00-08:00',
      EndTime: '2025-11-09T10:30:00-08:00',
    });
    expect(mapCreatedTimeActivity({ Id: '9', TxnDate: '2025-11-09', ...body }, timeDraft)).toMatchObject({ hours: 1, minutes: 30, billable: false });
  });
  it('reads the time-tracking switch from Preferences.OtherPrefs', () => {
    const prefs = (value: string) => ({ Preferences: { OtherPrefs: { NameValue: [{ Name: 'TimeTrackingFeatureEnabled', Value: value }] } } });
    expect(timeTrackingDisabled(prefs('false'))).toBe(true);
    expect(timeTrackingDisabled(prefs('true'))).toBe(false);
    expect(timeTrackingDisabled({ Preferences: {} })).toBe(false);
  });
});

const doc: SalesDocumentDraft = {
  kind: 'invoice',
  customerId: '1',
  issueDate: '2025-01-02',
  dueDate: '2025-02-01',
  lines: [
    { itemId: '1', description: 'Consulting', quantity: '3', unitPrice: '33.33', taxCode: null },
    { itemId: '2', description: null, quantity: '0.5', unitPrice: '10.01', taxCode: null },
  ],
};
const items = new Map([
  ['1', { taxCode: '3', taxable: true }],
  ['2', { taxCode: null, taxable: false }],
]);

describe('QBO invoice / estimate body and tax', () => {
  it('amounts are exact qty × price, rounded half-up to cents', () => {
    expect(lineAmount('3', '33.33')).toBe(99.99);
    expect(lineAmount('0.5', '10.01')).toBe(5.01);
    expect(lineAmount('1.005', '1')).toBe(1.01);
  });
  it('US: TAX/NON from the item when the line names none', () => {
    const body = qboSalesDocumentBody(doc, { us: true, items, exemptCode: null });
    expect(body).toMatchObject({ CustomerRef: { value: '1' }, TxnDate: '2025-01-02', DueDate: '2025-02-01' });
    const lines = body.Line as { Amount: number; SalesItemLineDetail: Record<string, unknown> }[];
    expect(lines.map((l) => l.SalesItemLineDetail.TaxCodeRef)).toEqual([{ value: 'TAX' }, { value: 'NON' }]);
    expect(lines[0]).toMatchObject({ DetailType: 'SalesItemLineDetail', Amount: 99.99, Description: 'Consulting', SalesItemLineDetail: { ItemRef: { value: '1' }, Qty: 3, UnitPrice: 33.33 } });
  });
  it('US: a code other than TAX/NON is refused before QBO sees it', () => {
    expect(() => qboSalesDocumentBody({ ...doc, lines: [{ ...doc.lines[0]!, taxCode: '20.0% S' }] }, { us: true, items, exemptCode: null })).toThrow(ProviderRejection);
  });
  it("non-US: the line's code, else the item's default, else the company's exempt code", () => {
    const tax: TaxContext = { us: false, items, exemptCode: '7' };
    const lines = [...doc.lines, { itemId: null, description: 'Misc', quantity: '1', unitPrice: '1', taxCode: '9' }];
    const body = qboSalesDocumentBody({ ...doc, kind: 'estimate', lines }, tax);
    expect((body.Line as { SalesItemLineDetail: { TaxCodeRef: unknown } }[]).map((l) => l.SalesItemLineDetail.TaxCodeRef)).toEqual([
      { value: '3' },
      { value: '7' },
      { value: '9' },
    ]);
    expect(body.ExpirationDate).toBe('2025-02-01');
  });
  it('non-US without any code to use: a clear refusal', () => {
    expect(() => qboSalesDocumentBody(doc, { us: false, items: new Map(), exemptCode: null })).toThrow(/every line needs a tax code/);
  });
  it('finds the exempt code by name', () => {
    expect(findExemptCode([{ Id: '2', Name: '20.0% S' }, { Id: '5', Name: 'No VAT' }, { Id: '4', Name: 'Exempt' }])).toBe('4');
    expect(findExemptCode([{ Id: '5', Name: 'No VAT' }])).toBe('5');
    expect(findExemptCode([{ Id: '4', Name: 'Exempt', Active: false }])).toBeNull();
  });
  it('maps the recorded created invoice (create__invoice__0.json) with a realm-aware deep link', () => {
    const raw = (recorded('create__invoice__0') as { Invoice: unknown }).Invoice;
    const created = mapCreatedDocument('invoice', raw, {
      connectionId: 'c1',
      companyId: '123',
      homeCurrency: 'USD',
      deepLink: (kind, id) => `https://app.qbo.intuit.com/app/${kind}?txnId=${id}&deeplinkcompanyid=123`,
    });
    if (created.kind !== 'invoice') throw new Error('expected an invoice');
    expect(created.invoice).toMatchObject({ id: '266', number: '1043', status: 'open', total: '100', balance: '100', dueDate: '2020-10-29' });
    expect(created.invoice.lines).toEqual([
      { description: null, itemId: '1', itemName: 'Services', quantity: null, unitPrice: null, amount: '100', taxCode: 'NON' },
    ]);
    expect(created.invoice.webUrl).toContain('deeplinkcompanyid=123');
  });
});

describe('QBO faults → errors', () => {
  it('6240 duplicate name (error__validation__0.json) → duplicate_name with a sentence', () => {
    const error = rejectionFromFault(recorded('error__validation__0'));
    expect(error).toMatchObject({ reason: 'duplicate_name', providerCode: '6240' });
    expect(error?.message).toMatch(/already has a customer, vendor or employee with this name.*link the existing one/);
  });
  it('5010 stale object', () => {
    const error = rejectionFromFault({ Fault: { Error: [{ Message: 'Stale Object Error', Detail: 'Stale Object Error : You and another user…', code: '5010' }], type: 'ValidationFault' } });
    expect(error).toMatchObject({ reason: 'stale_object', providerCode: '5010' });
  });
  it('other validation (error__400_json__0.json) keeps QBO detail as the sentence', () => {
    const error = rejectionFromFault(recorded('error__400_json__0'));
    expect(error).toMatchObject({ reason: 'validation', providerCode: '2010' });
    expect(error?.message).toMatch(/^QuickBooks refused it: .*BadJson/);
  });
  it('no fault → null', () => {
    expect(rejectionFromFault({ Customer: { Id: '1' } })).toBeNull();
  });
  it('sub-request ids are stable, distinct and fit QBO (≤ 50) and batch (≤ 36)', () => {
    const id = subRequestId('key', 'send');
    expect(id).toBe(subRequestId('key', 'send'));
    expect(id).not.toBe(subRequestId('key', 'create'));
    expect(id).toHaveLength(36);
  });
});
