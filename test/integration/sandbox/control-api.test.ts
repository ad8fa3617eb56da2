import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSandbox, type OpenSandbox } from './sandbox-client.js';

let s: OpenSandbox;
beforeAll(async () => {
  s = await openSandbox({ customers: 70 });
});
afterAll(async () => {
  await s.sandbox.close();
});

describe('sandbox control API', () => {
  it('publishes endpoints under the listener URL, with no trailing slash on the sandbox URL', async () => {
    expect(s.sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(s.endpoints.qbo).toEqual(
      expect.objectContaining({
        authorizeUrl: `${s.sandbox.url}/qbo/connect/oauth2`,
        tokenUrl: `${s.sandbox.url}/qbo/oauth2/v1/tokens/bearer`,
        revokeUrl: `${s.sandbox.url}/qbo/v2/oauth2/tokens/revoke`,
        userinfoUrl: `${s.sandbox.url}/qbo/v1/openid_connect/userinfo`,
        apiBaseUrl: `${s.sandbox.url}/qbo`,
        appBaseUrl: `${s.sandbox.url}/qbo`,
      }),
    );
  });

  it('lists the QBO companies', () => {
    expect(s.companies.filter((c) => c.provider === 'qbo').map((c) => c.currency).sort()).toEqual(['GBP', 'USD']);
  });

  it('validates bodies: 400 for a bad body, 404 for an unknown company, one error shape', async () => {
    const bad = await s.control('token', { provider: 'qbo' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_body', message: expect.any(String) } });
    const unknown = await s.control('token', { provider: 'qbo', companyId: 'nope' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown_company' } });
    expect((await s.control('clock', { advanceSeconds: 'soon' })).status).toBe(400);
    expect((await s.control('nothing-here')).status).toBe(404);
  });

  it('resets deterministically, keeping issued tokens valid', async () => {
    const realmId = s.companies[0]?.id ?? '';
    const token = await s.tokenFor(realmId);
    const count = async () => ((await (await s.query(realmId, 'SELECT COUNT(*) FROM Customer WHERE Active IN (true,false)', token)).json()) as { QueryResponse: { totalCount: number } }).QueryResponse.totalCount;
    const name = async () => ((await (await s.qboGet(realmId, 'customer/30', token)).json()) as { Customer: { DisplayName: string } }).Customer.DisplayName;
    expect(await count()).toBe(70);
    const before = await name();
    expect((await s.control('reset', { seed: 7, customers: 80 })).status).toBe(200);
    expect(await count()).toBe(80);
    const seven = await name();
    expect(seven).not.toBe(before);
    await s.control('reset', { seed: 7, customers: 80 });
    expect(await name()).toBe(seven);
  });

  it('advances the sandbox clock', async () => {
    const before = Date.parse(((await (await s.control('clock')).json()) as { now: string }).now);
    const after = Date.parse(((await (await s.control('clock', { advanceSeconds: 86_400 })).json()) as { now: string }).now);
    expect(after - before).toBeGreaterThanOrEqual(86_400_000);
  });
});
