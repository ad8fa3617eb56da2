import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_AUTH, consent, REDIRECT_URI, startXeroHarness, tokenRequest, type XeroHarness } from './xero-harness';

let harness: XeroHarness;
beforeAll(async () => {
  harness = await startXeroHarness();
});
afterAll(() => harness.close());

function decodeJwt(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

const tenants = () => harness.emulator.companies().map((company) => company.id);

describe('Xero OAuth 2.0 emulation', () => {
  it('renders a consent page with one checkbox per organisation, the first checked, and escapes the state', async () => {
    const url = new URL(harness.endpoints['authorizeUrl'] ?? '');
    url.search = new URLSearchParams({
      client_id: 'sandbox-xero-client',
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: 'offline_access accounting.contacts',
      state: '"><script>alert(1)</script>',
    }).toString();
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const html = await response.text();
    const [first, second] = tenants();
    expect(html).toMatch(new RegExp(`data-testid="sandbox-company-${first}" checked`));
    expect(html).toContain(`data-testid="sandbox-company-${second}"`);
    expect(html).not.toMatch(new RegExp(`data-testid="sandbox-company-${second}" checked`));
    expect(html).toContain('data-testid="sandbox-authorize"');
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;');
  });

  it('rejects an unknown client on the page and redirects scope errors back to the client', async () => {
    const url = new URL(harness.endpoints['authorizeUrl'] ?? '');
    url.search = new URLSearchParams({ client_id: 'nope', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'openid' }).toString();
    expect((await fetch(url)).status).toBe(400);
    url.search = new URLSearchParams({ client_id: 'sandbox-xero-client', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'bogus.scope', state: 's' }).toString();
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('invalid_scope');
    expect(location.searchParams.get('state')).toBe('s');
  });

  it('connects two organisations in one consent; /connections?authEventId= lists both', async () => {
    const { code, location } = await consent(harness, tenants());
    expect(location.searchParams.get('state')).toBe('state-123');
    expect(location.searchParams.get('scope')).toContain('offline_access');
    const issuedFrom = Math.floor(harness.clock.now() / 1000);
    const token = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    const issuedBy = Math.floor(harness.clock.now() / 1000);
    expect(token.status).toBe(200);
    expect(Object.keys(token.body)).toEqual(['id_token', 'access_token', 'expires_in', 'token_type', 'refresh_token', 'scope']);
    expect(token.body['expires_in']).toBe(1800);
    expect(token.body['token_type']).toBe('Bearer');
    const claims = decodeJwt(String(token.body['access_token']));
    expect(claims).toHaveProperty('xero_userid');
    // Issued 30 min after the moment of the request (a second may tick over while it runs on a loaded machine).
    expect(claims['exp']).toBeGreaterThanOrEqual(issuedFrom + 1800);
    expect(claims['exp']).toBeLessThanOrEqual(issuedBy + 1800);
    const authEventId = String(claims['authentication_event_id']);
    const response = await fetch(`${harness.endpoints['connectionsUrl']}?authEventId=${authEventId}`, {
      headers: { Authorization: `Bearer ${String(token.body['access_token'])}` },
    });
    const connections = (await response.json()) as Record<string, unknown>[];
    expect(connections.map((connection) => connection['tenantId']).sort()).toEqual([...tenants()].sort());
    for (const connection of connections) {
      expect(Object.keys(connection)).toEqual(['id', 'authEventId', 'tenantId', 'tenantType', 'tenantName', 'createdDateUtc', 'updatedDateUtc']);
      expect(connection['tenantType']).toBe('ORGANISATION');
      expect(String(connection['createdDateUtc'])).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}$/);
    }
    const other = await fetch(`${harness.endpoints['connectionsUrl']}?authEventId=00000000-0000-0000-0000-000000000000`, {
      headers: { Authorization: `Bearer ${String(token.body['access_token'])}` },
    });
    expect(await other.json()).toEqual([]);
  });

  it('codes are single use and bound to the redirect_uri', async () => {
    const { code } = await consent(harness, tenants().slice(0, 1));
    const wrongRedirect = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:9/other' });
    expect(wrongRedirect).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    const replay = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    expect(replay).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('rejects bad client credentials with 401 invalid_client and accepts them in the body', async () => {
    const { code } = await consent(harness, tenants().slice(0, 1));
    const bad = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI }, `Basic ${Buffer.from('sandbox-xero-client:wrong').toString('base64')}`);
    expect(bad).toEqual({ status: 401, body: { error: 'invalid_client' } });
    const { code: second } = await consent(harness, tenants().slice(0, 1));
    const response = await fetch(harness.endpoints['tokenUrl'] ?? '', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: second, redirect_uri: REDIRECT_URI, client_id: 'sandbox-xero-client', client_secret: 'sandbox-xero-secret' }).toString(),
    });
    expect(response.status).toBe(200);
  });

  it('gives no refresh_token without offline_access and no id_token without openid', async () => {
    const { code } = await consent(harness, tenants().slice(0, 1), 'accounting.contacts');
    const token = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    expect(token.status).toBe(200);
    expect(token.body).not.toHaveProperty('refresh_token');
    expect(token.body).not.toHaveProperty('id_token');
  });

  it('rotates refresh tokens; the old one returns the same new pair for 30 minutes, then invalid_grant', async () => {
    const { code } = await consent(harness, tenants());
    const first = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    const original = String(first.body['refresh_token']);
    const rotated = await tokenRequest(harness, { grant_type: 'refresh_token', refresh_token: original });
    expect(rotated.status).toBe(200);
    expect(rotated.body['refresh_token']).not.toBe(original);
    harness.clock.advance(29 * 60);
    const retry = await tokenRequest(harness, { grant_type: 'refresh_token', refresh_token: original });
    expect(retry.body).toEqual(rotated.body);
    harness.clock.advance(2 * 60);
    expect(await tokenRequest(harness, { grant_type: 'refresh_token', refresh_token: original })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    const next = await tokenRequest(harness, { grant_type: 'refresh_token', refresh_token: String(rotated.body['refresh_token']) });
    expect(next.status).toBe(200);
  });

  it('expires access tokens after 30 minutes and unused refresh tokens after 60 days', async () => {
    const { code } = await consent(harness, tenants().slice(0, 1));
    const token = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    const tenantId = tenants()[0] ?? '';
    const call = () =>
      fetch(`${harness.endpoints['apiBaseUrl']}/Organisation`, {
        headers: { Authorization: `Bearer ${String(token.body['access_token'])}`, 'xero-tenant-id': tenantId },
      });
    expect((await call()).status).toBe(200);
    harness.clock.advance(30 * 60);
    const expired = await call();
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as Record<string, unknown>)['Detail']).toMatch(/^TokenExpired/);
    harness.clock.advance(60 * 86_400);
    expect(await tokenRequest(harness, { grant_type: 'refresh_token', refresh_token: String(token.body['refresh_token']) })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('revocation ends the grant: refresh fails, access tokens fail, connections are removed', async () => {
    const { code } = await consent(harness, tenants().slice(0, 1));
    const token = await tokenRequest(harness, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI });
    const revoke = await fetch(harness.endpoints['revokeUrl'] ?? '', {
      method: 'POST',
      headers: { Authorization: BASIC_AUTH, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: String(token.body['refresh_token']) }).toString(),
    });
    expect(revoke.status).toBe(200);
    expect(await tokenRequest(harness, { grant_type: 'refresh_token', refresh_token: String(token.body['refresh_token']) })).toEqual({ status: 400, body: { error: 'invalid_grant' } });
    const connections = await fetch(harness.endpoints['connectionsUrl'] ?? '', { headers: { Authorization: `Bearer ${String(token.body['access_token'])}` } });
    expect(connections.status).toBe(401);
  });

  it('Cancel sends error=access_denied with the state', async () => {
    const response = await fetch(harness.endpoints['authorizeUrl'] ?? '', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'sandbox-xero-client', redirect_uri: REDIRECT_URI, response_type: 'code', scope: 'offline_access', state: 'xyz', decision: 'deny' }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('access_denied');
    expect(location.searchParams.get('state')).toBe('xyz');
    expect(location.searchParams.has('code')).toBe(false);
  });
});
