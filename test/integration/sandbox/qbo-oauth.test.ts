import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, openSandbox, SANDBOX_CLIENT, type OpenSandbox } from './sandbox-client.js';

let s: OpenSandbox;
beforeAll(async () => {
  s = await openSandbox();
});
afterAll(async () => {
  await s.sandbox.close();
});

const REDIRECT = 'http://127.0.0.1:9/callback';
const authorizeQuery = (overrides: Record<string, string> = {}) =>
  new URLSearchParams({
    client_id: SANDBOX_CLIENT.id,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'com.intuit.quickbooks.accounting openid',
    state: 'st<ate>"1',
    ...overrides,
  });

async function consent(decision: 'allow' | 'deny', company: string): Promise<URL> {
  const form = authorizeQuery();
  form.set('company', company);
  form.set('decision', decision);
  const response = await fetch(s.endpoints.qbo.authorizeUrl, { method: 'POST', body: form, redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

async function exchange(body: Record<string, string>, auth: string | undefined = basicAuth()): Promise<Response> {
  return fetch(s.endpoints.qbo.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...(auth === undefined ? {} : { authorization: auth }) },
    body: new URLSearchParams(body),
  });
}

async function connect(realmId: string) {
  const redirect = await consent('allow', realmId);
  const response = await exchange({ grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', redirect_uri: REDIRECT });
  expect(response.status).toBe(200);
  return (await response.json()) as { access_token: string; refresh_token: string; expires_in: number; id_token?: string; token_type: string; x_refresh_token_expires_in: number };
}

describe('QBO consent page', () => {
  it('lists every company with a test id, preselects the first, and escapes what it echoes', async () => {
    const response = await fetch(`${s.endpoints.qbo.authorizeUrl}?${authorizeQuery().toString()}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    for (const company of s.companies) expect(html).toContain(`data-testid="sandbox-company-${company.id}"`);
    expect(html).toMatch(new RegExp(`data-testid="sandbox-company-${s.companies[0]?.id}" checked`));
    expect(html).toContain('data-testid="sandbox-authorize"');
    expect(html).toContain('value="st&lt;ate&gt;&quot;1"');
    expect(html).not.toContain('st<ate>');
  });

  it.each([
    ['unknown client_id', { client_id: 'nope' }],
    ['missing redirect_uri', { redirect_uri: '' }],
    ['missing state', { state: '' }],
  ])('answers %s with a 400 HTML page', async (_, overrides) => {
    const response = await fetch(`${s.endpoints.qbo.authorizeUrl}?${authorizeQuery(overrides).toString()}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  it('redirects with code, state and realmId on allow, and error=access_denied on deny', async () => {
    const realmId = s.companies[1]?.id ?? '';
    const allowed = await consent('allow', realmId);
    expect(`${allowed.origin}${allowed.pathname}`).toBe(REDIRECT);
    expect(allowed.searchParams.get('state')).toBe('st<ate>"1');
    expect(allowed.searchParams.get('realmId')).toBe(realmId);
    expect(allowed.searchParams.get('code')).toBeTruthy();
    const denied = await consent('deny', realmId);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
  });
});

describe('QBO token endpoint', () => {
  it('exchanges a code once (Basic auth) for a bearer pair with an id_token, and the token reads the chosen company', async () => {
    const realmId = s.companies[1]?.id ?? '';
    const redirect = await consent('allow', realmId);
    const code = redirect.searchParams.get('code') ?? '';
    const first = await exchange({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    const tokens = (await first.json()) as Record<string, unknown>;
    expect(Object.keys(tokens)).toEqual(['token_type', 'expires_in', 'refresh_token', 'x_refresh_token_expires_in', 'access_token', 'id_token']);
    expect(tokens).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    const again = await exchange({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ error: 'invalid_grant' });
    const info = await s.qboGet(realmId, `companyinfo/${realmId}`, String(tokens.access_token));
    expect(info.status).toBe(200);
    expect(((await info.json()) as { CompanyInfo: { CompanyName: string } }).CompanyInfo.CompanyName).toBe(s.companies[1]?.name);
    const wrongRealm = await s.qboGet(s.companies[0]?.id ?? '', 'customer/1', String(tokens.access_token));
    expect(wrongRealm.status).toBe(401);
  });

  it('accepts client_secret_post and rejects bad client credentials with 401 invalid_client', async () => {
    const redirect = await consent('allow', s.companies[0]?.id ?? '');
    const bad = await exchange({ grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', redirect_uri: REDIRECT }, basicAuth(SANDBOX_CLIENT.id, 'wrong'));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid_client' });
    const posted = await exchange(
      { grant_type: 'authorization_code', code: redirect.searchParams.get('code') ?? '', redirect_uri: REDIRECT, client_id: SANDBOX_CLIENT.id, client_secret: SANDBOX_CLIENT.secret },
      undefined,
    );
    expect(posted.status).toBe(200);
  });

  it('rotates the refresh token; the old one still returns the current pair within 24 h, then invalid_grant', async () => {
    const tokens = await connect(s.companies[0]?.id ?? '');
    const refreshed = (await (await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json()) as typeof tokens;
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const lostResponseRetry = (await (await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json()) as typeof tokens;
    expect(lostResponseRetry.refresh_token).toBe(refreshed.refresh_token);
    await s.control('clock', { advanceSeconds: 25 * 3600 });
    const stale = await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token });
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: 'invalid_grant' });
    const current = await exchange({ grant_type: 'refresh_token', refresh_token: refreshed.refresh_token });
    expect(current.status).toBe(200);
  });

  it('revoke kills the grant: API calls get 401 and refresh gets invalid_grant', async () => {
    const realmId = s.companies[0]?.id ?? '';
    const tokens = await connect(realmId);
    expect((await s.qboGet(realmId, 'customer/1', tokens.access_token)).status).toBe(200);
    const revoke = await fetch(s.endpoints.qbo.revokeUrl, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: tokens.refresh_token }),
    });
    expect(revoke.status).toBe(200);
    const api = await s.qboGet(realmId, 'customer/1', tokens.access_token);
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toBe('Bearer realm="Intuit", error="invalid_token"');
    expect((await exchange({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).status).toBe(400);
  });

  it('serves userinfo for an openid grant', async () => {
    const tokens = await connect(s.companies[0]?.id ?? '');
    const response = await fetch(s.endpoints.qbo.userinfoUrl, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ sub: expect.any(String), email: expect.any(String) });
  });
});
