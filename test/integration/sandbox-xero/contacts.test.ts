import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiHeaders, firstTenant, startXeroHarness, type XeroHarness } from './xero-harness';

let harness: XeroHarness;
let tenantId: string;
let headers: Record<string, string>;
beforeAll(async () => {
  harness = await startXeroHarness({ limits: { perMinute: 10_000, perDay: 100_000 } });
  tenantId = firstTenant(harness);
  headers = apiHeaders(harness, tenantId);
});
afterAll(() => harness.close());

type ContactsBody = { pagination?: { page: number; pageSize: number; pageCount: number; itemCount: number }; Contacts: Record<string, unknown>[] };

async function getContacts(query = '', extra: Record<string, string> = {}): Promise<ContactsBody> {
  const response = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts${query}`, { headers: { ...headers, ...extra } });
  expect(response.status).toBe(200);
  return (await response.json()) as ContactsBody;
}

async function write(method: 'PUT' | 'POST', body: unknown, extra: Record<string, string> = {}) {
  const response = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts`, {
    method,
    headers: { ...headers, 'Content-Type': 'application/json', ...extra },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /Contacts', () => {
  it('pages 100 at a time with a pagination block; a page past the end is empty with the same block', async () => {
    const active = harness.emulator.tenants()[0]?.contacts.filter((contact) => contact.status === 'ACTIVE').length ?? 0;
    const first = await getContacts('?page=1&pageSize=25');
    expect(first.pagination).toEqual({ page: 1, pageSize: 25, pageCount: Math.ceil(active / 25), itemCount: active });
    expect(first.Contacts).toHaveLength(25);
    const beyond = await getContacts('?page=99&pageSize=25');
    expect(beyond.Contacts).toEqual([]);
    expect(beyond.pagination).toEqual({ ...first.pagination, page: 99 });
    const defaults = await getContacts('?page=1');
    expect(defaults.pagination?.pageSize).toBe(100);
    const clamped = await getContacts('?page=1&pageSize=5000');
    expect(clamped.pagination?.pageSize).toBe(1000);
  });

  it('without page returns every active contact and no pagination block; includeArchived adds archived ones', async () => {
    const all = await getContacts();
    expect(all.pagination).toBeUndefined();
    expect(all.Contacts.every((contact) => contact['ContactStatus'] === 'ACTIVE')).toBe(true);
    const withArchived = await getContacts('?includeArchived=true');
    expect(withArchived.Contacts.length).toBeGreaterThan(all.Contacts.length);
  });

  it('filters with where: ==, Contains, StartsWith, IsCustomer, && and GUID()', async () => {
    const byName = await getContacts(`?where=${encodeURIComponent('Name=="Cher"')}`);
    expect(byName.Contacts.map((contact) => contact['Name'])).toEqual(['Cher']);
    const contains = await getContacts(`?where=${encodeURIComponent('Name.Contains("shared inbox")')}`);
    expect(contains.Contacts).toHaveLength(2);
    const starts = await getContacts(`?where=${encodeURIComponent('Name.StartsWith("Shared Inbox A") && ContactStatus=="ACTIVE"')}`);
    expect(starts.Contacts).toHaveLength(1);
    const suppliersOnly = await getContacts(`?where=${encodeURIComponent('IsCustomer==false && IsSupplier==true')}`);
    expect(suppliersOnly.Contacts.length).toBeGreaterThan(0);
    expect(suppliersOnly.Contacts.every((contact) => contact['IsCustomer'] === false)).toBe(true);
    const id = String(byName.Contacts[0]?.['ContactID']);
    const byGuid = await getContacts(`?where=${encodeURIComponent(`ContactID==GUID("${id}")`)}`);
    expect(byGuid.Contacts).toHaveLength(1);
    const byEmail = await getContacts(`?where=${encodeURIComponent('EmailAddress=="accounts@shared-inbox.example"')}`);
    expect(byEmail.Contacts).toHaveLength(2);
  });

  it('answers a where it cannot parse with 400 QueryParseException', async () => {
    const response = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts?where=${encodeURIComponent('Nonsense=="x"')}`, { headers });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ Type: 'QueryParseException' });
  });

  it('searchTerm is case-insensitive across Name, FirstName, LastName, ContactNumber and EmailAddress', async () => {
    expect((await getContacts('?searchTerm=CHER')).Contacts.map((c) => c['Name'])).toContain('Cher');
    expect((await getContacts('?searchTerm=noemail')).Contacts.map((c) => c['LastName'])).toContain('Noemail');
    expect((await getContacts('?searchTerm=SHARED-INBOX.example')).Contacts).toHaveLength(2);
  });

  it('IDs picks contacts (even archived) and summaryOnly drops the heavy parts', async () => {
    const tenant = harness.emulator.tenants()[0];
    const archived = tenant?.contacts.find((contact) => contact.status === 'ARCHIVED');
    const active = tenant?.contacts[0];
    const picked = await getContacts(`?IDs=${archived?.contactId},${active?.contactId}`);
    expect(picked.Contacts.map((contact) => contact['ContactID']).sort()).toEqual([archived?.contactId, active?.contactId].sort());
    const summary = await getContacts('?page=1&summaryOnly=true');
    expect(summary.Contacts[0]).not.toHaveProperty('Addresses');
    expect(summary.Contacts[0]).not.toHaveProperty('Balances');
    expect(summary.Contacts[0]).toHaveProperty('UpdatedDateUTC');
  });

  it('If-Modified-Since returns only contacts changed since then (RFC 1123 and ISO)', async () => {
    const all = (await getContacts()).Contacts;
    const dates = all.map((contact) => Number(/\((\d+)/.exec(String(contact['UpdatedDateUTC']))?.[1])).sort((a, b) => a - b);
    const cut = dates[Math.floor(dates.length / 2)] ?? 0;
    const expected = dates.filter((date) => date >= Math.floor(cut / 1000) * 1000).length;
    const rfc = await getContacts('', { 'If-Modified-Since': new Date(Math.floor(cut / 1000) * 1000).toUTCString() });
    expect(rfc.Contacts).toHaveLength(expected);
    const iso = await getContacts('', { 'If-Modified-Since': new Date(Math.floor(cut / 1000) * 1000).toISOString().slice(0, 19) });
    expect(iso.Contacts).toHaveLength(expected);
  });

  it('GET /Contacts/{id} returns one contact in the envelope; unknown id is 404', async () => {
    const id = harness.emulator.tenants()[0]?.contacts[3]?.contactId;
    const response = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts/${id}`, { headers });
    const body = (await response.json()) as ContactsBody & Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['Id', 'Status', 'ProviderName', 'DateTimeUTC', 'Contacts']);
    expect(body.Id).toBe(response.headers.get('xero-correlation-id'));
    expect(body.Contacts[0]?.['ContactID']).toBe(id);
    const missing = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts/5cc8cf28-567e-4d43-b287-687cfcaec47c`, { headers });
    expect(missing.status).toBe(404);
  });
});

describe('PUT/POST /Contacts', () => {
  it('creates a contact, then rejects a second active contact with the same name (400 ValidationException)', async () => {
    const created = await write('PUT', { Contacts: [{ Name: 'Buzz Lightyear', EmailAddress: 'buzz@example.com' }] });
    expect(created.status).toBe(200);
    const contact = (created.body['Contacts'] as Record<string, unknown>[])[0];
    expect(contact?.['ContactStatus']).toBe('ACTIVE');
    expect(String(contact?.['UpdatedDateUTC'])).toMatch(/^\/Date\(\d+\+0000\)\/$/);
    const duplicate = await write('PUT', { Contacts: [{ Name: 'buzz lightyear', Addresses: [{ AddressType: 'STREET', City: 'SF' }] }] });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body).toMatchObject({ ErrorNumber: 10, Type: 'ValidationException', Message: 'A validation exception occurred' });
    const element = (duplicate.body['Elements'] as Record<string, unknown>[])[0];
    expect(element?.['ContactID']).toBe('00000000-0000-0000-0000-000000000000');
    expect(element?.['HasValidationErrors']).toBe(true);
    expect(element?.['ValidationErrors']).toEqual([
      { Message: 'The contact name buzz lightyear is already assigned to another contact. The contact name must be unique across all active contacts.' },
    ]);
    expect((element?.['Addresses'] as Record<string, unknown>[])[0]?.['ValidationErrors']).toEqual([]);
  });

  it('an archived contact may share a name with an active one', async () => {
    const archived = await write('PUT', { Name: 'Twin Name Ltd', ContactStatus: 'ARCHIVED' });
    expect(archived.status).toBe(200);
    const active = await write('PUT', { Name: 'Twin Name Ltd' });
    expect(active.status).toBe(200);
  });

  it('POST updates by ContactID and bumps UpdatedDateUTC', async () => {
    const created = await write('PUT', { Contacts: [{ Name: 'Update Me Ltd' }] });
    const id = String((created.body['Contacts'] as Record<string, unknown>[])[0]?.['ContactID']);
    harness.clock.advance(5);
    const updated = await write('POST', { Contacts: [{ ContactID: id, EmailAddress: 'new@example.com' }] });
    const contact = (updated.body['Contacts'] as Record<string, unknown>[])[0];
    expect(contact?.['EmailAddress']).toBe('new@example.com');
    expect(contact?.['Name']).toBe('Update Me Ltd');
    expect(contact?.['UpdatedDateUTC']).not.toBe((created.body['Contacts'] as Record<string, unknown>[])[0]?.['UpdatedDateUTC']);
  });

  it('summarizeErrors=false returns 200 with a status per element and saves the good ones', async () => {
    const result = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts?summarizeErrors=false`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ Contacts: [{ Name: 'Good One Ltd' }, { Name: 'Cher' }] }),
    });
    expect(result.status).toBe(200);
    const contacts = ((await result.json()) as ContactsBody).Contacts;
    expect(contacts.map((contact) => contact['StatusAttributeString'])).toEqual(['OK', 'ERROR']);
  });

  it('Idempotency-Key: the same key returns the same response and creates nothing more', async () => {
    const before = (await getContacts()).Contacts.length;
    const first = await write('PUT', { Contacts: [{ Name: 'Idempotent Ltd' }] }, { 'Idempotency-Key': 'key-1' });
    const second = await write('PUT', { Contacts: [{ Name: 'Idempotent Ltd' }] }, { 'Idempotency-Key': 'key-1' });
    expect(first.status).toBe(200);
    expect(second).toEqual(first);
    expect((await getContacts()).Contacts.length).toBe(before + 1);
    const tooLong = await write('PUT', { Contacts: [{ Name: 'Long Key' }] }, { 'Idempotency-Key': 'k'.repeat(129) });
    expect(tooLong.status).toBe(400);
  });

  it('malformed bodies are 400 PostDataInvalidException', async () => {
    const response = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts`, {
      method: 'PUT',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ Type: 'PostDataInvalidException' });
  });
});
