import { Hono, type Context } from 'hono';
import { type SandboxClock } from '../../emulator';
import { authenticateClient, isKnownScope, type XeroAppCredentials } from './client-credentials';
import { renderConsentPage, renderIdentityErrorPage } from './consent-page';
import { connectTenants, createGrant, type IdentityState, revokeGrant } from './identity-state';
import { SANDBOX_USER, type TokenIssuer } from './token-issuer';

export interface IdentityRoutesDeps {
  state: IdentityState;
  issuer: TokenIssuer;
  clock: SandboxClock;
  app: () => XeroAppCredentials;
  appName: string;
  organisations: () => { tenantId: string; name: string }[];
}

const CODE_LIFETIME_MS = 5 * 60_000;
const AUTHORIZE_PARAMS = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'nonce', 'code_challenge', 'code_challenge_method'];

/** The token endpoint's error body is the OAuth one: `{"error":"invalid_grant"}` (RFC 6749 section 5.2). */
function oauthError(c: Context, error: string, status: 400 | 401) {
  c.header('Cache-Control', 'no-store');
  return c.json({ error }, status);
}

function redirectWith(redirectUri: string, params: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
}

async function readForm(c: Context): Promise<Record<string, string[]>> {
  const text = await c.req.text();
  const form: Record<string, string[]> = {};
  for (const [key, value] of new URLSearchParams(text)) (form[key] ??= []).push(value);
  return form;
}

function single(form: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(form).map(([key, values]) => [key, values[0] ?? '']));
}

/**
 * login.xero.com/identity/connect/authorize and identity.xero.com/connect/{token,revocation}, under
 * `/identity/connect/*` on the emulator. Errors the user cannot be redirected for (bad client, bad redirect_uri) are
 * shown as a page; the rest go back to the client as `error=...&state=...`, as OAuth 2.0 requires.
 */
export function createIdentityRoutes(deps: IdentityRoutesDeps): Hono {
  const routes = new Hono();

  type Validated = { params: Record<string, string>; scopes: string[] } | { page: string } | { redirect: string };
  function validateAuthorize(raw: Record<string, string>): Validated {
    const params: Record<string, string> = {};
    for (const name of AUTHORIZE_PARAMS) if (raw[name] !== undefined) params[name] = raw[name];
    if (params['client_id'] !== deps.app().clientId) return { page: 'unauthorized_client: Unknown client or client not enabled' };
    const redirectUri = params['redirect_uri'] ?? '';
    if (!/^https?:\/\//.test(redirectUri) || !URL.canParse(redirectUri)) return { page: 'Invalid redirect_uri' };
    const state = params['state'];
    if (params['response_type'] !== 'code') {
      return { redirect: redirectWith(redirectUri, { error: 'unsupported_response_type', state }) };
    }
    const scopes = (params['scope'] ?? '').split(/[\s+]+/).filter(Boolean);
    if (scopes.length === 0 || !scopes.every(isKnownScope)) {
      return { redirect: redirectWith(redirectUri, { error: 'invalid_scope', state }) };
    }
    return { params, scopes };
  }

  function consent(c: Context, params: Record<string, string>, scopes: string[], error?: string) {
    const html = renderConsentPage({
      appName: deps.appName,
      params,
      organisations: deps.organisations(),
      scopes,
      ...(error === undefined ? {} : { error }),
    });
    return c.html(html, error === undefined ? 200 : 400);
  }

  routes.get('/identity/connect/authorize', (c) => {
    const validated = validateAuthorize(c.req.query());
    if ('page' in validated) return c.html(renderIdentityErrorPage(validated.page), 400);
    if ('redirect' in validated) return c.redirect(validated.redirect, 302);
    return consent(c, validated.params, validated.scopes);
  });

  routes.post('/identity/connect/authorize', async (c) => {
    const form = await readForm(c);
    const validated = validateAuthorize(single(form));
    if ('page' in validated) return c.html(renderIdentityErrorPage(validated.page), 400);
    if ('redirect' in validated) return c.redirect(validated.redirect, 302);
    const { params, scopes } = validated;
    const redirectUri = params['redirect_uri'] ?? '';
    if (form['decision']?.[0] !== 'allow') {
      return c.redirect(redirectWith(redirectUri, { error: 'access_denied', state: params['state'] }), 302);
    }
    const known = new Set(deps.organisations().map((org) => org.tenantId));
    const tenantIds = [...new Set(form['company'] ?? [])];
    if (tenantIds.length === 0) return consent(c, params, scopes, 'Select at least one organisation to connect.');
    if (!tenantIds.every((id) => known.has(id))) return consent(c, params, scopes, 'Unknown organisation.');
    const code = deps.issuer.newCode();
    deps.state.codes.set(code, {
      clientId: params['client_id'] ?? '',
      redirectUri,
      scopes,
      tenantIds,
      issuedAt: deps.clock.now(),
      ...(params['nonce'] === undefined ? {} : { nonce: params['nonce'] }),
    });
    return c.redirect(
      redirectWith(redirectUri, { code, scope: scopes.join(' '), state: params['state'], session_state: deps.issuer.newCode() }),
      302,
    );
  });

  routes.post('/identity/connect/token', async (c) => {
    const form = single(await readForm(c));
    const clientId = authenticateClient(c.req.header('authorization'), form, deps.app());
    if (clientId === undefined) return oauthError(c, 'invalid_client', 401);
    c.header('Cache-Control', 'no-store');
    switch (form['grant_type']) {
      case 'authorization_code': {
        const code = form['code'] ?? '';
        const issued = deps.state.codes.get(code);
        // Codes are single use: delete before checking, so a replay is invalid_grant even after a failed attempt.
        deps.state.codes.delete(code);
        if (
          !issued ||
          issued.clientId !== clientId ||
          issued.redirectUri !== form['redirect_uri'] ||
          deps.clock.now() - issued.issuedAt > CODE_LIFETIME_MS
        ) {
          return oauthError(c, 'invalid_grant', 400);
        }
        const now = deps.clock.now();
        const grant = createGrant(deps.state, { clientId, userId: SANDBOX_USER.userId, scopes: issued.scopes, now });
        connectTenants(deps.state, grant, issued.tenantIds, now);
        return c.json(deps.issuer.issue(grant, issued.nonce));
      }
      case 'refresh_token': {
        const response = deps.issuer.refresh(form['refresh_token'] ?? '', clientId);
        return response ? c.json(response) : oauthError(c, 'invalid_grant', 400);
      }
      case undefined:
      case '':
        return oauthError(c, 'invalid_request', 400);
      default:
        return oauthError(c, 'unsupported_grant_type', 400);
    }
  });

  routes.post('/identity/connect/revocation', async (c) => {
    const form = single(await readForm(c));
    const clientId = authenticateClient(c.req.header('authorization'), form, deps.app());
    if (clientId === undefined) return oauthError(c, 'invalid_client', 401);
    const tokenState = deps.state.refreshTokens.get(form['token'] ?? '');
    const grant = tokenState ? deps.state.grants.get(tokenState.authEventId) : undefined;
    // RFC 7009: an unknown token is not an error; the response is 200 either way.
    if (grant && grant.clientId === clientId) revokeGrant(deps.state, grant);
    return c.body(null, 200);
  });

  return routes;
}
