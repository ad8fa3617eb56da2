import { Hono, type Context } from 'hono';
import { consentPage, errorPage, type AuthorizeParams } from './consent-page.js';
import { QBO_ACCOUNTING_SCOPE } from './oauth-config.js';
import type { QboTokenSet } from './oauth-store.js';
import { findCompany, type QboState } from './state.js';

/**
 * Intuit's OAuth 2.0 endpoints under the real paths (api-facts.md "Endpoints"): appcenter /connect/oauth2,
 * oauth.platform /oauth2/v1/tokens/bearer, developer.api /v2/oauth2/tokens/revoke, accounts /v1/openid_connect/userinfo.
 */
export function createQboOAuthRoutes(state: QboState): Hono {
  const routes = new Hono();

  const companiesForConsent = () =>
    state.companies.map((c) => ({ provider: 'qbo' as const, id: c.profile.realmId, name: c.profile.name, currency: c.profile.homeCurrency }));

  const readAuthorizeParams = (source: Record<string, unknown>): AuthorizeParams | string => {
    const text = (key: string): string => (typeof source[key] === 'string' ? source[key] : '');
    const params: AuthorizeParams = {
      client_id: text('client_id'),
      redirect_uri: text('redirect_uri'),
      response_type: text('response_type'),
      scope: text('scope'),
      state: text('state'),
    };
    if (!state.oauth.knowsClient(params.client_id)) return `Unknown client_id "${params.client_id}".`;
    if (params.redirect_uri === '' || !URL.canParse(params.redirect_uri)) return 'redirect_uri is missing or not a URL.';
    if (params.state === '') return 'state is required.';
    if (params.response_type !== 'code') return 'response_type must be "code".';
    if (!params.scope.split(/\s+/).includes(QBO_ACCOUNTING_SCOPE) && !params.scope.split(/\s+/).includes('openid')) {
      return `scope must include ${QBO_ACCOUNTING_SCOPE}.`;
    }
    return params;
  };

  routes.get('/connect/oauth2', (c) => {
    const params = readAuthorizeParams(c.req.query());
    if (typeof params === 'string') return c.html(errorPage(params), 400);
    return c.html(consentPage(params, companiesForConsent()));
  });

  routes.post('/connect/oauth2', async (c) => {
    const form = await c.req.parseBody();
    const params = readAuthorizeParams(form);
    if (typeof params === 'string') return c.html(errorPage(params), 400);
    const redirect = new URL(params.redirect_uri);
    if (form.decision !== 'allow') {
      redirect.searchParams.set('error', 'access_denied');
      redirect.searchParams.set('state', params.state);
      return c.redirect(redirect.toString(), 302);
    }
    const realmId = typeof form.company === 'string' ? form.company : '';
    if (findCompany(state, realmId) === undefined) return c.html(errorPage(`Unknown company "${realmId}".`), 400);
    const code = state.oauth.issueCode({
      clientId: params.client_id,
      redirectUri: params.redirect_uri,
      realmId,
      scopes: params.scope.split(/\s+/).filter(Boolean),
    });
    // Intuit returns the company id as realmId on the redirect (api-facts.md: "realmId comes back on the redirect").
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', params.state);
    redirect.searchParams.set('realmId', realmId);
    return c.redirect(redirect.toString(), 302);
  });

  routes.post('/oauth2/v1/tokens/bearer', async (c) => {
    const form = await c.req.parseBody();
    const field = (key: string): string => (typeof form[key] === 'string' ? form[key] : '');
    const client = clientCredentials(c.req.header('authorization'), field('client_id'), field('client_secret'));
    if (client === undefined || !state.oauth.authenticateClient(client.id, client.secret)) {
      return c.json({ error: 'invalid_client' }, 401);
    }
    let tokens: QboTokenSet | undefined;
    switch (field('grant_type')) {
      case 'authorization_code':
        tokens = state.oauth.redeemCode({ code: field('code'), clientId: client.id, redirectUri: field('redirect_uri') });
        break;
      case 'refresh_token':
        tokens = state.oauth.refresh({ refreshToken: field('refresh_token'), clientId: client.id });
        break;
      default:
        return c.json({ error: 'unsupported_grant_type' }, 400);
    }
    if (tokens === undefined) return c.json({ error: 'invalid_grant' }, 400);
    return c.json(tokenResponse(c, tokens));
  });

  routes.post('/v2/oauth2/tokens/revoke', async (c) => {
    const client = clientCredentials(c.req.header('authorization'), '', '');
    if (client === undefined || !state.oauth.authenticateClient(client.id, client.secret)) {
      return c.json({ error: 'invalid_client' }, 401);
    }
    const body: unknown = await c.req.json().catch(() => undefined);
    const token = typeof body === 'object' && body !== null && 'token' in body && typeof body.token === 'string' ? body.token : '';
    if (token === '') return c.json({ error: 'invalid_request' }, 400);
    // Unknown tokens are not an error (RFC 7009 §2.2): revoking twice is harmless.
    state.oauth.revoke(token, client.id);
    return c.body(null, 200);
  });

  routes.get('/v1/openid_connect/userinfo', (c) => {
    const check = state.oauth.checkAccess(bearer(c.req.header('authorization')));
    if (!check.ok || !check.grant.scopes.includes('openid')) return c.json({ error: 'invalid_token' }, 401);
    // Shape of reference qbo/oauth/success_userinfo_response.json.
    return c.json({
      sub: check.grant.userSub,
      email: `owner+${check.grant.realmId}@sandbox.example`,
      emailVerified: true,
      givenName: 'Sandbox',
      familyName: 'Owner',
    });
  });

  routes.get('/op/v1/jwks', (c) => c.json(state.idTokens.jwks()));

  routes.get('/.well-known/openid-configuration', (c) => {
    const base = `${new URL(c.req.url).origin}/qbo`;
    return c.json({
      issuer: `${base}/op/v1`,
      authorization_endpoint: `${base}/connect/oauth2`,
      token_endpoint: `${base}/oauth2/v1/tokens/bearer`,
      userinfo_endpoint: `${base}/v1/openid_connect/userinfo`,
      revocation_endpoint: `${base}/v2/oauth2/tokens/revoke`,
      jwks_uri: `${base}/op/v1/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile', 'address', 'phone'],
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      claims_supported: ['aud', 'exp', 'iat', 'iss', 'realmid', 'sub'],
    });
  });

  const tokenResponse = (c: Context, tokens: QboTokenSet): Record<string, unknown> => {
    // Key order and fields of reference qbo/oauth/success_token_response.json; id_token only with the openid scope.
    const body: Record<string, unknown> = {
      token_type: 'bearer',
      expires_in: tokens.expiresIn,
      refresh_token: tokens.refreshToken,
      x_refresh_token_expires_in: tokens.refreshExpiresIn,
      access_token: tokens.accessToken,
    };
    if (tokens.grant.scopes.includes('openid')) {
      const nowSeconds = Math.floor(state.clock.now() / 1000);
      body.id_token = state.idTokens.sign({
        sub: tokens.grant.userSub,
        aud: [tokens.grant.clientId],
        realmid: tokens.grant.realmId,
        auth_time: nowSeconds,
        iss: `${new URL(c.req.url).origin}/qbo/op/v1`,
        exp: nowSeconds + 3600,
        iat: nowSeconds,
      });
    }
    return body;
  };

  return routes;
}

export function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/** client_secret_basic (preferred by Intuit) or client_secret_post (discovery.json lists both). */
function clientCredentials(header: string | undefined, postId: string, postSecret: string): { id: string; secret: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (match?.[1] !== undefined) {
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { id: safeDecode(decoded.slice(0, colon)), secret: safeDecode(decoded.slice(colon + 1)) };
  }
  if (postId !== '') return { id: postId, secret: postSecret };
  return undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
