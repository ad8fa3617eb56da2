import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_CUSTOMER_IDS } from '../../../proxy-server/sandbox/seed/awkward-customers.js';
import { diffShapes } from '../../support/shape.js';
import { openSandbox, type OpenSandbox } from './sandbox-client.js';
import { referencePath } from '../../support/reference';

/** Vendor, Employee, Item, Estimate, CreditMemo, SalesReceipt, TimeActivity, Invoice writes, Preferences over HTTP. */
const REFERENCE = referencePath('qbo');
const recorded = (name: string): { body_json: unknown } => JSON.parse(readFileSync(join(REFERENCE, 'recorded', `${name}.json`), 'utf8')) as { body_json: unknown };

let s: OpenSandbox;
let us: string;
let uk: string;
const tokens = new Map<string, string>();
beforeAll(async () => {
  s = await openSandbox();
  us = s.companies[0]?.id ?? '';
  uk = s.companies[1]?.id ?? '';
  for (const realm of [us, uk]) tokens.set(realm, await s.tokenFor(realm));
});
afterAll(async () => {
  await s.sandbox.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const post = async (realm: string, path: string, body: unknown): Promise<{ status: number; body: Json }> => {
  const response = await fetch(`${s.endpoints.qbo.apiBaseUrl}/v3/company/${realm}/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get(realm) ?? ''}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
};
const get = async (realm: string, path: string): Promise<Json> => (await (await s.qboGet(realm, path, tokens.get(realm) ?? '')).json()) as Json;
const query = async (realm: string, statement: string): Promise<Json> => (await (await s.query(realm, statement, tokens.get(realm) ?? '')).json()) as Json;
const customerBalance = async (realm: string, id: string): Promise<number> => ((await get(realm, `customer/${id}`)).Customer as Json).Balance as number;

describe('QBO name lists', () => {
  it('creates a vendor, and refuses its name for a customer or employee (6240 across lists)', async () => {
    const vendor = await post(us, 'vendor', { DisplayName: 'Shared Name Supplies', PrimaryEmailAddr: { Address: 'a@b.example' } });
    expect(vendor.status).toBe(200);
    expect(diffShapes((recorded('all__vendors_by_5__1').body_json as Json).QueryResponse.Vendor[0], vendor.body.Vendor, { mayAdd: ['AcctNum', 'PrimaryEmailAddr'] })).toEqual([]);
    for (const path of ['customer', 'employee']) {
      const clash = await post(us, path, { DisplayName: 'shared name supplies' });
      expect(clash.status).toBe(400);
      expect(clash.body.Fault.Error[0].code).toBe('6240');
    }
  });

  it('updates an employee sparsely with SyncToken (5010 when stale) and hides inactive ones', async () => {
    const created = (await post(us, 'employee', { GivenName: 'Ada', FamilyName: 'Lovelace' })).body.Employee as Json;
    expect(created.DisplayName).toBe('Ada Lovelace');
    const updated = await post(us, 'employee', { Id: created.Id, SyncToken: created.SyncToken, sparse: true, Active: false });
    expect(updated.body.Employee).toMatchObject({ SyncToken: '1', GivenName: 'Ada', Active: false });
    const stale = await post(us, 'employee', { Id: created.Id, SyncToken: '0', sparse: true, Active: true });
    expect(stale.body.Fault.Error[0].code).toBe('5010');
    const visible = await query(us, `SELECT * FROM Employee WHERE Id = '${created.Id as string}'`);
    expect(visible.QueryResponse).toEqual({});
    const all = await query(us, 'SELECT COUNT(*) FROM Employee WHERE Active IN (true, false)');
    expect(all.QueryResponse.totalCount).toBeGreaterThan(4);
  });

  it('creates items of each type; IncomeAccountRef is required', async () => {
    const missing = await post(us, 'item', { Name: 'No account' });
    expect(missing.body.Fault.Error[0].code).toBe('2020');
    const item = await post(us, 'item', { Name: 'Pruning', Type: 'NonInventory', UnitPrice: 42.5, IncomeAccountRef: { value: '79' } });
    expect(item.body.Item).toMatchObject({ Name: 'Pruning', Type: 'NonInventory', UnitPrice: 42.5, Active: true });
    const items = await query(us, "SELECT * FROM Item WHERE Type = 'Inventory'");
    expect(items.QueryResponse.Item[0].Name).toBe('Garden Lights');
  });
});

describe('QBO sales transactions', () => {
  it('creates an invoice with item lines and raises the customer balance', async () => {
    const customerId = '20';
    const before = await customerBalance(us, customerId);
    const created = await post(us, 'invoice', { CustomerRef: { value: customerId }, Line: [{ DetailType: 'SalesItemLineDetail', Amount: 100, SalesItemLineDetail: { ItemRef: { value: '1' } } }, { DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '3' }, Qty: 2, UnitPrice: 75 } }] });
    expect(created.status).toBe(200);
    const invoice = created.body.Invoice as Json;
    expect(invoice).toMatchObject({ TotalAmt: 250, Balance: 250, SyncToken: '0', EmailStatus: 'NotSet' });
    expect(invoice.Line).toHaveLength(3);
    expect(diffShapes((recorded('create__invoice__0').body_json as Json).Invoice, invoice, {
      mayLack: ['BillAddr.CountrySubDivisionCode', 'BillAddr.Lat', 'BillAddr.Long', 'ShipAddr', 'CustomField[].DefinitionId', 'CustomField[].Name', 'CustomField[].Type'],
      mayAdd: ['Line[].Description', 'Line[].SalesItemLineDetail.UnitPrice', 'Line[].SalesItemLineDetail.Qty', 'BillEmail'],
    })).toEqual([]);
    expect(await customerBalance(us, customerId)).toBeCloseTo(before + 250, 2);

    const sent = await post(us, `invoice/${invoice.Id as string}/send?sendTo=billing@example.com`, {});
    expect(sent.body.Invoice).toMatchObject({ EmailStatus: 'EmailSent', BillEmail: { Address: 'billing@example.com' }, SyncToken: '1' });

    const voided = await post(us, 'invoice?operation=void', { Id: invoice.Id, SyncToken: '1' });
    expect(voided.body.Invoice).toMatchObject({ TotalAmt: 0, Balance: 0, PrivateNote: 'Voided', SyncToken: '2' });
    expect(await customerBalance(us, customerId)).toBeCloseTo(before, 2);
  });

  it('requires a TaxCodeRef on every line in a UK company and charges VAT by code', async () => {
    const line = { DetailType: 'SalesItemLineDetail', Amount: 100, SalesItemLineDetail: { ItemRef: { value: '1' } } };
    const refused = await post(uk, 'invoice', { CustomerRef: { value: '20' }, Line: [line] });
    expect(refused.status).toBe(400);
    expect(refused.body.Fault.Error[0]).toMatchObject({ code: '6000', Detail: expect.stringContaining('VAT rate') });
    const exempt = await post(uk, 'invoice', { CustomerRef: { value: '20' }, Line: [{ ...line, SalesItemLineDetail: { ItemRef: { value: '1' }, TaxCodeRef: { value: 'Exempt' } } }] });
    expect(exempt.body.Invoice).toMatchObject({ TotalAmt: 100, TxnTaxDetail: { TotalTax: 0 } });
    const rated = await post(uk, 'invoice', { CustomerRef: { value: '20' }, Line: [{ ...line, SalesItemLineDetail: { ItemRef: { value: '1' }, TaxCodeRef: { value: '2' } } }] });
    expect(rated.body.Invoice).toMatchObject({ TotalAmt: 120, Balance: 120, TxnTaxDetail: { TotalTax: 20 } });
  });

  it('creates, updates and queries estimates by TxnStatus', async () => {
    const created = (await post(us, 'estimate', { CustomerRef: { value: '21' }, ExpirationDate: '2030-01-31', Line: [{ Amount: 500, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '6' } } }] })).body.Estimate as Json;
    expect(created).toMatchObject({ TxnStatus: 'Pending', ExpirationDate: '2030-01-31', TotalAmt: 500 });
    expect(created.Balance).toBeUndefined();
    const accepted = await post(us, 'estimate', { Id: created.Id, SyncToken: '0', sparse: true, TxnStatus: 'Accepted' });
    expect(accepted.body.Estimate).toMatchObject({ TxnStatus: 'Accepted', SyncToken: '1', TotalAmt: 500 });
    const found = await query(us, `SELECT * FROM Estimate WHERE TxnStatus = 'Accepted' AND CustomerRef = '21'`);
    expect(found.QueryResponse.Estimate.map((e: Json) => e.Id)).toContain(created.Id);
  });

  it('lowers the customer balance by a credit memo’s RemainingCredit', async () => {
    const before = await customerBalance(us, '22');
    const memo = (await post(us, 'creditmemo', { CustomerRef: { value: '22' }, Line: [{ Amount: 12.34, DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '1' } } }] })).body.CreditMemo as Json;
    expect(memo).toMatchObject({ TotalAmt: 12.34, RemainingCredit: 12.34, Balance: 12.34 });
    expect(Math.round((await customerBalance(us, '22')) * 100)).toBe(Math.round(before * 100) - 1234);
  });

  it('reads a sales receipt in the recorded shape', async () => {
    const created = (await post(us, 'salesreceipt', { CustomerRef: { value: AWKWARD_CUSTOMER_IDS.noEmail }, Line: [{ Amount: 337.5, Description: 'Custom Design', DetailType: 'SalesItemLineDetail', SalesItemLineDetail: { ItemRef: { value: '3' }, Qty: 4.5, UnitPrice: 75 } }] })).body.SalesReceipt as Json;
    const read = await get(us, `salesreceipt/${created.Id as string}`);
    expect(diffShapes(recorded('update__sales_receipt__0').body_json, read, {
      mayLack: ['SalesReceipt.CustomField[].DefinitionId', 'SalesReceipt.CustomField[].Name', 'SalesReceipt.CustomField[].Type'],
      mayAdd: ['SalesReceipt.CustomerRef', 'SalesReceipt.BillAddr'],
    })).toEqual([]);
  });
});

describe('QBO time activities', () => {
  it('records time for an employee (Hours/Minutes) and a vendor (StartTime/EndTime) in the sample shape', async () => {
    const employees = await query(us, 'SELECT * FROM Employee');
    const employee = employees.QueryResponse.Employee[0] as Json;
    const byHours = await post(us, 'timeactivity', { NameOf: 'Employee', EmployeeRef: { value: employee.Id }, CustomerRef: { value: '21' }, ItemRef: { value: '2' }, TxnDate: '2026-02-02', Hours: 3, Minutes: 15, BillableStatus: 'Billable', HourlyRate: 95, Description: 'Site visit' });
    expect(byHours.status).toBe(200);
    const sample = JSON.parse(readFileSync(join(REFERENCE, 'samples', 'TimeActivity_query_sandbox_response.json'), 'utf8')) as { response: Json };
    expect(diffShapes(sample.response.QueryResponse.TimeActivity[0], byHours.body.TimeActivity)).toEqual([]);
    const vendors = await query(us, 'SELECT * FROM Vendor');
    const byRange = await post(us, 'timeactivity', { NameOf: 'Vendor', VendorRef: { value: vendors.QueryResponse.Vendor[0].Id }, StartTime: '2026-02-03T09:00:00-07:00', EndTime: '2026-02-03T11:30:00-07:00' });
    expect(byRange.body.TimeActivity).toMatchObject({ NameOf: 'Vendor', StartTime: '2026-02-03T09:00:00-07:00', BillableStatus: 'NotBillable' });
    const missingWorker = await post(us, 'timeactivity', { NameOf: 'Employee', Hours: 1 });
    expect(missingWorker.body.Fault.Error[0].code).toBe('2020');
    const listed = await query(us, "SELECT * FROM TimeActivity WHERE TxnDate > '2026-02-01'");
    expect(listed.QueryResponse.TimeActivity.length).toBeGreaterThanOrEqual(2);
  });

  it('lists new entities in CDC', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const cdc = await get(us, `cdc?entities=Estimate,TimeActivity,Vendor,Employee,Item,CreditMemo,SalesReceipt&changedSince=${encodeURIComponent(since)}`);
    const names = (cdc.CDCResponse[0].QueryResponse as Json[]).flatMap((r) => Object.keys(r).filter((k) => k !== 'startPosition' && k !== 'maxResults'));
    expect(names.sort()).toEqual(['CreditMemo', 'Employee', 'Estimate', 'Item', 'SalesReceipt', 'TimeActivity', 'Vendor']);
  });
});

describe('QBO company settings', () => {
  it('serves Preferences with time tracking and currency settings, and CompanyInfo', async () => {
    const prefs = (await get(us, 'preferences')).Preferences as Json;
    expect(prefs.CurrencyPrefs).toEqual({ MultiCurrencyEnabled: true, HomeCurrency: { value: 'USD' } });
    expect(prefs.OtherPrefs.NameValue).toContainEqual({ Name: 'TimeTrackingFeatureEnabled', Value: 'true' });
    expect(((await get(uk, 'preferences')).Preferences as Json).CurrencyPrefs.MultiCurrencyEnabled).toBe(false);
    expect(((await get(uk, `companyinfo/${uk}`)).CompanyInfo as Json).Country).toBe('GB');
  });
});
