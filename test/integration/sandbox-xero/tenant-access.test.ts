import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consent, REDIRECT_URI, startXeroHarness, tokenRequest, type XeroHarness } from './xero-harness';

let harness: XeroHarness;
beforeAll(async () => {
  harness = await startXeroHarness();
});
afterAll(() => harness.close());

async function grantFor(tenantIds: string[], scope?: string) {
  const { code } = await consent(harness, tenantIds, scope);
  const token = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
  return String(token.body['access_token']);
}

describe('tenant header, connections and scopes', () => {
  it('requires a bearer token (401 problem body) and the xero-tenant-id header (403 missing, 400 malformed)', async () => {
    const [nz] = harness.emulator.companies();
    const url = `${harness.endpoints['apiBaseUrl']}/Contacts`;
    const noToken = await fetch(url, { headers: { 'xero-tenant-id': nz?.id ?? '' } });
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ Title: 'Unauthorized', Status: 401, Detail: 'AuthenticationUnsuccessful' });
    const token = await grantFor([nz?.id ?? '']);
    const missing = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ Type: null, Title: 'Forbidden', Status: 403, Detail: 'AuthenticationUnsuccessful', Extensions: {} });
    const malformed = await fetch(url, { headers: { Authorization: `Bearer ${token}`, 'xero-tenant-id': 'not-a-guid' } });
    expect(malformed.status).toBe(400);
  });

  it('refuses a tenant this grant did not connect (403), and DELETE /connections/{id} disconnects (204)', async () => {
    const [nz, uk] = harness.emulator.companies();
    const token = await grantFor([nz?.id ?? '']);
    const get = (tenantId: string) =>
      fetch(`${harness.endpoints['apiBaseUrl']}/Organisation`, { headers: { Authorization: `Bearer ${token}`, 'xero-tenant-id': tenantId } });
    expect((await get(uk?.id ?? '')).status).toBe(403);
    expect((await get(nz?.id ?? '')).status).toBe(200);
    const connections = (await (await fetch(harness.endpoints['connectionsUrl'] ?? '', { headers: { Authorization: `Bearer ${token}` } })).json()) as { id: string; tenantId: string }[];
    const nzConnection = connections.find((connection) => connection.tenantId === nz?.id);
    const removed = await fetch(`${harness.endpoints['connectionsUrl']}/${nzConnection?.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    expect(removed.status).toBe(204);
    expect((await get(nz?.id ?? '')).status).toBe(403);
    const again = await fetch(`${harness.endpoints['connectionsUrl']}/${nzConnection?.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
    expect(again.status).toBe(404);
  });

  it('re-consenting to a tenant updates the existing connection rather than adding one', async () => {
    const [nz] = harness.emulator.companies();
    const first = await grantFor([nz?.id ?? '']);
    const list = async (token: string) =>
      (await (await fetch(harness.endpoints['connectionsUrl'] ?? '', { headers: { Authorization: `Bearer ${token}` } })).json()) as { id: string; tenantId: string; authEventId: string }[];
    const before = (await list(first)).filter((connection) => connection.tenantId === nz?.id);
    harness.clock.advance(60);
    const second = await grantFor([nz?.id ?? '']);
    const after = (await list(second)).filter((connection) => connection.tenantId === nz?.id);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before[0]?.id);
    expect(after[0]?.authEventId).not.toBe(before[0]?.authEventId);
  });

  it('a grant without a scope for the endpoint gets 401 AuthorizationUnsuccessful', async () => {
    const [nz] = harness.emulator.companies();
    const token = await grantFor([nz?.id ?? ''], 'offline_access accounting.contacts.read');
    const headers = { Authorization: `Bearer ${token}`, 'xero-tenant-id': nz?.id ?? '', 'Content-Type': 'application/json' };
    expect((await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts`, { headers })).status).toBe(200);
    const invoices = await fetch(`${harness.endpoints['apiBaseUrl']}/Invoices`, { headers });
    expect(invoices.status).toBe(401);
    expect(await invoices.json()).toMatchObject({ Detail: 'AuthorizationUnsuccessful' });
    const write = await fetch(`${harness.endpoints['apiBaseUrl']}/Contacts`, { method: 'PUT', headers, body: JSON.stringify({ Contacts: [{ Name: 'Read only' }] }) });
    expect(write.status).toBe(401);
  });
});
