import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_CUSTOMER_IDS } from '../../../proxy-server/sandbox/seed/awkward-customers.js';
import { openSandbox, type OpenSandbox } from './sandbox-client.js';

let s: OpenSandbox;
let realmId: string;
let token: string;
beforeAll(async () => {
  s = await openSandbox();
  realmId = s.companies[0]?.id ?? '';
  token = await s.tokenFor(realmId);
});
afterAll(async () => {
  await s.sandbox.close();
});

describe('QBO API over HTTP', () => {
  it('answers a query with the QueryResponse envelope, an intuit_tid header and QBO content type', async () => {
    const response = await s.query(realmId, "SELECT * FROM Customer WHERE Id IN ('1','2')", token);
    expect(response.status).toBe(200);
    expect(response.headers.get('intuit_tid')).toMatch(/^1-[0-9a-f]+-[0-9a-f]+$/);
    expect(response.headers.get('content-type')).toBe('application/json;charset=utf-8');
    const body = (await response.json()) as { QueryResponse: { Customer: { Id: string }[]; startPosition: number; maxResults: number }; time: string };
    expect(body.QueryResponse.Customer.map((c) => c.Id)).toEqual(['1', '2']);
    expect(body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 2 });
    expect(body.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-07:00$/);
  });

  it('reads a customer by id with QBO field conventions and omits empty fields', async () => {
    const sub = (await (await s.qboGet(realmId, `customer/${AWKWARD_CUSTOMER_IDS.subCustomer}`, token)).json()) as { Customer: Record<string, unknown> };
    expect(sub.Customer).toMatchObject({ Id: '13', SyncToken: '0', Job: true, ParentRef: { value: '12' }, domain: 'QBO', sparse: false });
    expect(sub.Customer.FullyQualifiedName).toBe('Northwind Holdings:Northwind West Branch');
    expect((sub.Customer.MetaData as { CreateTime: string }).CreateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d-07:00$/);
    const parent = (await (await s.qboGet(realmId, `customer/${AWKWARD_CUSTOMER_IDS.parent}`, token)).json()) as { Customer: { Balance: number; BalanceWithJobs: number } };
    expect(parent.Customer.BalanceWithJobs).toBeCloseTo(parent.Customer.Balance + (sub.Customer.Balance as number), 2);
    const noEmail = (await (await s.qboGet(realmId, `customer/${AWKWARD_CUSTOMER_IDS.noEmail}`, token)).json()) as { Customer: Record<string, unknown> };
    expect(noEmail.Customer).not.toHaveProperty('PrimaryEmailAddr');
    const givenOnly = (await (await s.qboGet(realmId, `customer/${AWKWARD_CUSTOMER_IDS.givenNameOnly}`, token)).json()) as { Customer: Record<string, unknown> };
    expect(givenOnly.Customer).not.toHaveProperty('FamilyName');
    expect(givenOnly.Customer).not.toHaveProperty('CompanyName');
    const twoEmails = (await (await s.qboGet(realmId, `customer/${AWKWARD_CUSTOMER_IDS.twoEmails}`, token)).json()) as { Customer: { PrimaryEmailAddr: { Address: string } } };
    expect(twoEmails.Customer.PrimaryEmailAddr.Address).toContain(',');
  });

  it('returns Fault 610 for an unknown id and 400 ValidationFault for a bad query', async () => {
    const missing = await s.qboGet(realmId, 'customer/999999', token);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ Fault: { Error: [{ code: '610', Message: 'Object Not Found' }], type: 'ValidationFault' } });
    const bad = await s.query(realmId, 'SELECT * FROM Customer WHERE Id = ', token);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ Fault: { Error: [{ code: '4000' }], type: 'ValidationFault' } });
  });

  it('rejects missing and expired tokens with the gateway 401 envelope', async () => {
    const missing = await fetch(`${s.endpoints.qbo.apiBaseUrl}/v3/company/${realmId}/customer/1`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="Intuit", error="invalid_token"');
    expect(await missing.json()).toMatchObject({ fault: { type: 'AUTHENTICATION', error: [{ code: '3200' }] } });
    const shortLived = await s.tokenFor(realmId);
    await s.control('clock', { advanceSeconds: 3601 });
    const expired = await s.qboGet(realmId, 'customer/1', shortLived);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { fault: { error: { detail: string }[] } }).fault.error[0]?.detail).toMatch(/^Token expired/);
    token = await s.tokenFor(realmId);
  });

  it('serves companyinfo and preferences with the home currency', async () => {
    const info = (await (await s.qboGet(realmId, `companyinfo/${realmId}`, token)).json()) as { CompanyInfo: { CompanyName: string; Country: string } };
    expect(info.CompanyInfo).toMatchObject({ CompanyName: s.companies[0]?.name, Country: 'US' });
    const prefs = (await (await s.qboGet(realmId, 'preferences', token)).json()) as { Preferences: { CurrencyPrefs: { HomeCurrency: { value: string } } } };
    expect(prefs.Preferences.CurrencyPrefs.HomeCurrency.value).toBe('USD');
    const viaQuery = (await (await s.query(realmId, 'SELECT * FROM CompanyInfo', token)).json()) as { QueryResponse: { CompanyInfo: unknown[] } };
    expect(viaQuery.QueryResponse.CompanyInfo).toHaveLength(1);
  });

  it('renders the customer deep-link page with the name escaped', async () => {
    const response = await fetch(`${s.endpoints.qbo.appBaseUrl}/app/customerdetail?nameId=${AWKWARD_CUSTOMER_IDS.htmlImage}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    const script = await (await fetch(`${s.endpoints.qbo.appBaseUrl}/app/customerdetail?nameId=${AWKWARD_CUSTOMER_IDS.htmlScript}&realmId=${s.companies[1]?.id}`)).text();
    expect(script).not.toContain('<script>');
    expect(script).toContain('£');
    expect((await fetch(`${s.endpoints.qbo.appBaseUrl}/app/customerdetail?nameId=nope`)).status).toBe(404);
  });
});
