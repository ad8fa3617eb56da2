import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { authEventIdOf, deleteConnection, fetchConnections } from '../../../proxy-server/providers/xero/xero-connections';
import { dateOnlyFromXero, ifModifiedSinceHeader, isoFromXero, parseXeroDate } from '../../../proxy-server/providers/xero/xero-dates';
import { xeroDeepLink } from '../../../proxy-server/providers/xero/xero-links';
import { consentUrl, providerErrorFromOAuth, tokensFromTokenSet } from '../../../proxy-server/providers/xero/xero-oauth';
import { PROVIDER_CATALOGUE } from '../../../proxy-server/providers/catalogue';
import { referencePath } from '../../support/reference';

const RECORDED = referencePath('xero/recorded') + '/';

/** The response body string of a vcrpy cassette's first interaction (single-quoted YAML scalar). */
function recordedBody(name: string): string {
  const text = readFileSync(`${RECORDED}${name}`, 'utf8');
  const match = /string: '([\s\S]*?)'\n/.exec(text);
  if (!match?.[1]) throw new Error(`no body in ${name}`);
  // YAML folds a single-quoted scalar's line breaks (and the indentation after them) into one space.
  return match[1].replace(/\n\s*/g, ' ').replace(/''/g, "'");
}

describe('consent URL', () => {
  it('points at the configured authorize endpoint with the catalogue scopes by default', () => {
    const url = new URL(
      consentUrl(
        {
          clientId: 'cid',
          clientSecret: 'secret',
          redirectUri: 'https://proxy.example/oauth/xero/callback',
          scopes: PROVIDER_CATALOGUE.xero.scopes,
          endpoints: PROVIDER_CATALOGUE.xero.endpoints.production,
        },
        'st&ate',
      ),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://login.xero.com/identity/connect/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'cid',
      response_type: 'code',
      redirect_uri: 'https://proxy.example/oauth/xero/callback',
      state: 'st&ate',
      scope: PROVIDER_CATALOGUE.xero.scopes.join(' '),
    });
    expect(url.searchParams.get('scope')).toContain('offline_access');
  });
});

describe('token responses (recorded/test_token_api_refresh_token.yaml)', () => {
  it('maps the recorded refresh response', () => {
    const body = JSON.parse(recordedBody('test_token_api_refresh_token.yaml')) as Record<string, string | number>;
    const tokens = tokensFromTokenSet(body as never, 1_000);
    expect(tokens).toEqual({
      accessToken: 'xero-access-token',
      refreshToken: 'xero-refresh-token',
      accessExpiresAt: 1_000 + 1800 * 1000,
      refreshExpiresAt: 1_000 + 60 * 86_400_000,
    });
  });

  it('no refresh token (offline_access missing) is an explicit error', () => {
    expect(() => tokensFromTokenSet({ access_token: 'a', expires_in: 1800 }, 0)).toThrow(expect.objectContaining({ kind: 'malformed_response' }));
  });

  it('maps openid-client errors to ProviderError kinds', () => {
    expect(providerErrorFromOAuth({ error: 'invalid_grant', response: { statusCode: 400 } }, 'x').kind).toBe('invalid_grant');
    expect(providerErrorFromOAuth({ error: 'invalid_client', response: { statusCode: 401 } }, 'x').kind).toBe('rejected');
    expect(providerErrorFromOAuth({ error: 'expected 200 OK, got: 503 Service Unavailable', response: { statusCode: 503 } }, 'x').kind).toBe('unavailable');
    expect(providerErrorFromOAuth({ name: 'RPError' }, 'x').kind).toBe('malformed_response');
    expect(providerErrorFromOAuth(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'x').kind).toBe('unavailable');
  });
});

describe('connections', () => {
  const jwt = (claims: Record<string, unknown>) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

  it('reads authentication_event_id from the access token, tolerating junk', () => {
    expect(authEventIdOf(jwt({ authentication_event_id: 'evt-1' }))).toBe('evt-1');
    expect(authEventIdOf('opaque')).toBeNull();
    expect(authEventIdOf('a.!!!.c')).toBeNull();
  });

  it('lists the recorded connections (no tenantName there) and filters by authEventId', async () => {
    let asked = '';
    const fetchImpl = (async (input: string | URL | Request) => {
      asked = String(input);
      return new Response(recordedBody('test_get_connections.yaml'), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch;
    const tenants = await fetchConnections({ connectionsUrl: 'https://api.xero.com/connections', fetch: fetchImpl }, 'token', 'evt-1');
    expect(asked).toBe('https://api.xero.com/connections?authEventId=evt-1');
    expect(tenants).toEqual([
      {
        connectionId: 'f4a87932-0878-4884-abcf-73191dd810ba',
        tenantId: 'a46fcb6f-2773-40c4-a119-8aa08bca1e8e',
        tenantName: 'a46fcb6f-2773-40c4-a119-8aa08bca1e8e',
        tenantType: 'ORGANISATION',
        authEventId: null,
      },
    ]);
  });

  it('401 → null (caller refreshes); DELETE 404 counts as done', async () => {
    const status = (code: number) => (async () => new Response(null, { status: code })) as unknown as typeof fetch;
    expect(await fetchConnections({ connectionsUrl: 'https://x/connections', fetch: status(401) }, 't', null)).toBeNull();
    expect(await deleteConnection({ connectionsUrl: 'https://x/connections', fetch: status(404) }, 't', 'c')).toBe(true);
    expect(await deleteConnection({ connectionsUrl: 'https://x/connections', fetch: status(401) }, 't', 'c')).toBeNull();
    await expect(deleteConnection({ connectionsUrl: 'https://x/connections', fetch: status(500) }, 't', 'c')).rejects.toMatchObject({ kind: 'unavailable' });
  });
});

describe('dates and links', () => {
  it('parses MS-JSON with and without offsets, ISO with and without zone', () => {
    expect(parseXeroDate('/Date(1503348544227+0000)/')).toBe(1503348544227);
    expect(parseXeroDate('/Date(1551399323399)/')).toBe(1551399323399);
    expect(parseXeroDate('/Date(-86400000+1300)/')).toBe(-86400000);
    expect(parseXeroDate('2018-10-20T00:00:00')).toBe(Date.UTC(2018, 9, 20));
    expect(parseXeroDate('2018-10-20')).toBe(Date.UTC(2018, 9, 20));
    expect(parseXeroDate('2020-03-18T21:20:07.7179250')).toBe(Date.UTC(2020, 2, 18, 21, 20, 7, 717));
    expect(parseXeroDate('garbage')).toBeNull();
    expect(parseXeroDate(42)).toBeNull();
    expect(isoFromXero('/Date(1503348544227+0000)/')).toBe('2017-08-21T20:49:04.227Z');
  });

  it('calendar dates prefer DateString, else the UTC day of the MS-JSON value', () => {
    expect(dateOnlyFromXero('2018-10-20T00:00:00', '/Date(1)/')).toBe('2018-10-20');
    expect(dateOnlyFromXero(undefined, '/Date(1539993600000+0000)/')).toBe('2018-10-20');
    expect(dateOnlyFromXero('2018-13-45T00:00:00', null)).toBeNull();
  });

  it('If-Modified-Since is the documented UTC form, floored to the second', () => {
    expect(ifModifiedSinceHeader(new Date('2024-05-06T07:08:09.999Z'))).toBe('2024-05-06T07:08:09');
  });

  it('deep links encode the ShortCode and ids; without a ShortCode they open the path', () => {
    expect(xeroDeepLink('https://go.xero.com/', '!a b', 'customer', 'id/1')).toBe(
      'https://go.xero.com/organisationlogin/default.aspx?shortcode=!a%20b&redirecturl=/Contacts/View/id%2F1',
    );
    expect(xeroDeepLink('https://go.xero.com', '!x', 'invoice', 'i')).toBe(
      'https://go.xero.com/organisationlogin/default.aspx?shortcode=!x&redirecturl=/AccountsReceivable/View.aspx?InvoiceID=i',
    );
    expect(xeroDeepLink('https://go.xero.com', null, 'customer', 'c')).toBe('https://go.xero.com/Contacts/View/c');
  });
});
