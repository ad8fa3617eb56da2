import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHeaders, firstTenant, startXeroHarness, type XeroHarness } from './xero-harness';

/** Quotes create, Items create, Invoices/{id}/Email, invoice LineItems with TaxType, demo contacts, fault bodies. */
let harness: XeroHarness;
let headers: Record<string, string>;
beforeAll(async () => {
  harness = await startXeroHarness({ limits: { perMinute: 100_000, perDay: 1_000_000 } });
  headers = apiHeaders(harness, firstTenant(harness), { 'Content-Type': 'application/json' });
});
afterAll(() => harness.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const api = (path: string, init: RequestInit = {}) => fetch(`${harness.endpoints['apiBaseUrl']}${path}`, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
const send = async (method: string, path: string, body: unknown): Promise<{ status: number; body: Json }> => {
  const response = await api(path, { method, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Json) };
};

describe('Xero writes beyond contacts', () => {
  let contactId = '';
  beforeAll(async () => {
    const contacts = (await (await api('/Contacts?where=' + encodeURIComponent('EmailAddress!=null'))).json()) as Json;
    contactId = contacts.Contacts.find((c: Json) => c.EmailAddress)?.ContactID as string;
  });

  it('creates an invoice with LineItems and TaxType, then emails it (SentToContact)', async () => {
    const created = await send('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', Contact: { ContactID: contactId }, Date: '2026-02-01', DueDate: '2026-03-01', Status: 'AUTHORISED', LineAmountTypes: 'Exclusive', LineItems: [{ Description: 'Design', Quantity: 2, UnitAmount: 100, AccountCode: '200', TaxType: 'OUTPUT2' }, { Description: 'Exempt work', Quantity: 1, UnitAmount: 50, AccountCode: '200', TaxType: 'EXEMPTOUTPUT' }] }] });
    expect(created.status).toBe(200);
    const invoice = created.body.Invoices[0] as Json;
    expect(invoice.SubTotal).toBe(250);
    expect(invoice.TotalTax).toBeGreaterThan(0);
    expect(invoice.LineItems.map((l: Json) => l.TaxType)).toEqual(['OUTPUT2', 'EXEMPTOUTPUT']);
    const emailed = await api(`/Invoices/${invoice.InvoiceID as string}/Email`, { method: 'POST', body: '{}' });
    expect(emailed.status).toBe(204);
    const read = (await (await api(`/Invoices/${invoice.InvoiceID as string}`)).json()) as Json;
    expect(read.Invoices[0].SentToContact).toBe(true);
  });

  it('refuses to email a draft invoice with a ValidationException', async () => {
    const draft = await send('PUT', '/Invoices', { Invoices: [{ Type: 'ACCREC', Contact: { ContactID: contactId }, LineItems: [{ Description: 'x', Quantity: 1, UnitAmount: 1, AccountCode: '200' }] }] });
    const response = await send('POST', `/Invoices/${draft.body.Invoices[0].InvoiceID as string}/Email`, {});
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException' });
  });

  it('creates a quote with lines and lists it by contact', async () => {
    const created = await send('PUT', '/Quotes', { Quotes: [{ Contact: { ContactID: contactId }, Date: '2026-02-02', ExpiryDate: '2026-03-02', Title: 'Garden plan', LineItems: [{ Description: 'Plan', Quantity: 1, UnitAmount: 400, AccountCode: '200', TaxType: 'OUTPUT2' }] }] });
    expect(created.status).toBe(200);
    expect(created.body.Quotes[0]).toMatchObject({ Status: 'DRAFT', SubTotal: 400, Title: 'Garden plan' });
    const listed = (await (await api(`/Quotes?ContactID=${contactId}`)).json()) as Json;
    expect(listed.Quotes.map((q: Json) => q.QuoteID)).toContain(created.body.Quotes[0].QuoteID);
    const invalid = await send('PUT', '/Quotes', { Quotes: [{ Contact: { ContactID: '00000000-0000-0000-0000-000000000000' }, Date: '2026-02-02', LineItems: [] }] });
    expect(invalid.status).toBe(400);
  });

  it('creates items by Code, refusing a duplicate Code on PUT', async () => {
    const created = await send('PUT', '/Items', { Items: [{ Code: 'PRUNE-1', Name: 'Pruning', SalesDetails: { UnitPrice: 42.5, AccountCode: '200' } }] });
    expect(created.body.Items[0]).toMatchObject({ Code: 'PRUNE-1', Name: 'Pruning', SalesDetails: { UnitPrice: 42.5 } });
    expect((await send('PUT', '/Items', { Items: [{ Code: 'PRUNE-1' }] })).status).toBe(400);
    const updated = await send('POST', '/Items', { Items: [{ Code: 'PRUNE-1', Name: 'Pruning (hour)' }] });
    expect(updated.body.Items[0].ItemID).toBe(created.body.Items[0].ItemID);
  });
});

describe('Xero emulator hooks for the sandbox', () => {
  it('lists demo CRM contacts with numeric ids in their own range', () => {
    const contacts = harness.emulator.demoContacts?.() ?? [];
    expect(contacts.length).toBeGreaterThan(5);
    for (const contact of contacts) expect(Number(contact.id)).toBeGreaterThanOrEqual(9_000_000);
    expect(new Set(contacts.map((c) => c.id)).size).toBe(contacts.length);
    expect(contacts.every((c) => c.source.startsWith('Xero: '))).toBe(true);
  });

  it('gives Xero-shaped bodies for injected faults', () => {
    expect(harness.emulator.faultBody?.('429')).toMatchObject({ status: 429, body: '', headers: { 'retry-after': '60', 'x-rate-limit-problem': 'minute' } });
    expect(harness.emulator.faultBody?.('5xx')).toMatchObject({ status: 500, body: { Title: 'An error occurred', Status: 500 } });
  });
});
