import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHeaders, firstTenant, startXeroHarness, type XeroHarness } from './xero-harness';

let harness: XeroHarness;
let headers: Record<string, string>;
beforeAll(async () => {
  harness = await startXeroHarness({ limits: { perMinute: 100_000, perDay: 1_000_000 } });
  headers = apiHeaders(harness, firstTenant(harness), { 'Content-Type': 'application/json' });
});
afterAll(() => harness.close());

const api = (path: string, init: RequestInit = {}) => fetch(`${harness.endpoints['apiBaseUrl']}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
const json = async (response: Response) => (await response.json()) as Record<string, unknown> & { Invoices: Record<string, unknown>[]; Contacts: Record<string, unknown>[] };
const cents = (value: unknown) => Math.round(Number(value) * 100);

describe('Invoices, payments and balances', () => {
  it("every contact's AccountsReceivable.Outstanding equals the sum of its AUTHORISED ACCREC AmountDue", async () => {
    const contacts = (await json(await api('/Contacts'))).Contacts;
    const invoices = (await json(await api('/Invoices?Statuses=AUTHORISED'))).Invoices;
    let checked = 0;
    for (const contact of contacts) {
      const outstanding = (contact['Balances'] as { AccountsReceivable: { Outstanding: number } } | undefined)?.AccountsReceivable.Outstanding;
      if (outstanding === undefined) continue;
      const due = invoices
        .filter((invoice) => invoice['Type'] === 'ACCREC' && (invoice['Contact'] as Record<string, unknown>)['ContactID'] === contact['ContactID'])
        .reduce((sum, invoice) => sum + cents(invoice['AmountDue']), 0);
      expect(cents(outstanding)).toBe(due);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(40);
  });

  it('filters by ContactIDs, Statuses and IDs; unpaged lists leave line items out, paged ones include them', async () => {
    const contactId = harness.emulator.tenants()[0]?.contacts[0]?.contactId ?? '';
    const byContact = await json(await api(`/Invoices?ContactIDs=${contactId}`));
    expect(byContact.Invoices.length).toBeGreaterThan(0);
    expect(byContact.Invoices.every((invoice) => (invoice['Contact'] as Record<string, unknown>)['ContactID'] === contactId)).toBe(true);
    expect(byContact.Invoices.every((invoice) => (invoice['LineItems'] as unknown[]).length === 0)).toBe(true);
    const paged = await json(await api(`/Invoices?ContactIDs=${contactId}&page=1`));
    expect((paged.Invoices[0]?.['LineItems'] as unknown[]).length).toBeGreaterThan(0);
    expect(paged['pagination']).toMatchObject({ page: 1, pageSize: 100 });
    const paid = await json(await api('/Invoices?Statuses=PAID,VOIDED'));
    expect(paid.Invoices.every((invoice) => ['PAID', 'VOIDED'].includes(String(invoice['Status'])))).toBe(true);
    const id = String(paid.Invoices[0]?.['InvoiceID']);
    expect((await json(await api(`/Invoices?IDs=${id}`))).Invoices).toHaveLength(1);
  });

  it('answers Type/Status equalities in where from its columns with exactly what the general filter returns', async () => {
    const ids = async (where: string, extra = '') =>
      (await json(await api(`/Invoices?where=${encodeURIComponent(where)}${extra}`))).Invoices.map((invoice) => `${String(invoice['InvoiceID'])} ${String(invoice['Type'])} ${String(invoice['Status'])}`);
    // The `||` keeps the second form off the column path: it is evaluated on every wire record.
    const columnar = await ids('Type=="ACCREC"');
    expect(columnar.length).toBeGreaterThan(0);
    expect(columnar.every((row) => row.split(' ')[1] === 'ACCREC')).toBe(true);
    expect(columnar).toEqual(await ids('(Type=="ACCREC" || Type=="NONE")'));
    const bills = await ids('type=="accpay"');
    expect(bills.length).toBeGreaterThan(0);
    expect(bills).toEqual(await ids('(Type=="ACCPAY" || Type=="NONE")'));
    const authorised = await ids('Status=="AUTHORISED" AND Type=="ACCREC"', '&page=2&pageSize=50');
    expect(authorised.length).toBeGreaterThan(0);
    expect(authorised).toEqual(await ids('(Status=="AUTHORISED" || Status=="NONE") && Type=="ACCREC"', '&page=2&pageSize=50'));
  });

  it('creates an AUTHORISED invoice with tax computed per line in cents', async () => {
    const contactId = harness.emulator.tenants()[0]?.contacts[1]?.contactId ?? '';
    const response = await api('/Invoices', {
      method: 'PUT',
      body: JSON.stringify({ Invoices: [{ Type: 'ACCREC', Contact: { ContactID: contactId }, Date: '2019-03-11', DueDate: '2019-04-10', Status: 'AUTHORISED', LineItems: [{ Description: 'Acme Tires', Quantity: 2, UnitAmount: 20.05, AccountCode: '200', TaxType: 'OUTPUT2' }] }] }),
    });
    expect(response.status).toBe(200);
    const invoice = (await json(response)).Invoices[0];
    expect(invoice).toMatchObject({ Status: 'AUTHORISED', SubTotal: 40.1, TotalTax: 6.02, Total: 46.12, AmountDue: 46.12, DateString: '2019-03-11T00:00:00' });
    expect(String(invoice?.['InvoiceNumber'])).toMatch(/^INV-\d{4}$/);
  });

  it('a payment lowers AmountDue and the contact balance without bumping the contact UpdatedDateUTC', async () => {
    const contact = harness.emulator.tenants()[0]?.contacts[2];
    const before = (await json(await api(`/Contacts/${contact?.contactId}`))).Contacts[0];
    const invoice = (await json(await api(`/Invoices?ContactIDs=${contact?.contactId}&Statuses=AUTHORISED`))).Invoices[0];
    const amount = Number(invoice?.['AmountDue']);
    harness.clock.advance(10);
    const payment = await api('/Payments', {
      method: 'PUT',
      body: JSON.stringify({ Payments: [{ Invoice: { InvoiceID: invoice?.['InvoiceID'] }, Account: { Code: '090' }, Date: '2024-01-02', Amount: amount }] }),
    });
    expect(payment.status).toBe(200);
    const after = (await json(await api(`/Contacts/${contact?.contactId}`))).Contacts[0];
    const outstanding = (value: unknown) => cents((value as { AccountsReceivable: { Outstanding: number } }).AccountsReceivable.Outstanding);
    expect(outstanding(after?.['Balances'])).toBe(outstanding(before?.['Balances']) - cents(amount));
    expect(after?.['UpdatedDateUTC']).toBe(before?.['UpdatedDateUTC']);
    const paid = (await json(await api(`/Invoices/${invoice?.['InvoiceID']}`))).Invoices[0];
    expect(paid).toMatchObject({ Status: 'PAID', AmountDue: 0 });
    expect(cents(paid?.['AmountPaid'])).toBe(cents(invoice?.['AmountPaid']) + cents(amount));
    expect(paid?.['UpdatedDateUTC']).not.toBe(invoice?.['UpdatedDateUTC']);
    const overpay = await api('/Payments', {
      method: 'PUT',
      body: JSON.stringify({ Invoice: { InvoiceID: invoice?.['InvoiceID'] }, Account: { Code: '090' }, Amount: 1 }),
    });
    expect(overpay.status).toBe(400);
  });

  it('serves Quotes, CreditNotes (paged), Items (no pagination), Organisation and the aged receivables report', async () => {
    const quotes = await json(await api('/Quotes'));
    expect((quotes['Quotes'] as unknown[]).length).toBeGreaterThan(0);
    const creditNotes = await json(await api('/CreditNotes?page=1'));
    expect(creditNotes['pagination']).toBeDefined();
    const items = await json(await api('/Items?page=1'));
    expect(items).not.toHaveProperty('pagination');
    const organisation = (await json(await api('/Organisation')))['Organisations'] as Record<string, unknown>[];
    expect(String(organisation[0]?.['ShortCode'])).toMatch(/^!/);
    const missing = await api('/Reports/AgedReceivablesByContact');
    expect(missing.status).toBe(400);
    const contactId = harness.emulator.tenants()[0]?.contacts[0]?.contactId;
    const report = (await json(await api(`/Reports/AgedReceivablesByContact?contactId=${contactId}`)))['Reports'] as { Rows: { RowType: string }[] }[];
    expect(report[0]?.Rows.map((row) => row.RowType)).toEqual(['Header', 'Section', 'Section', 'Section']);
  });
});
