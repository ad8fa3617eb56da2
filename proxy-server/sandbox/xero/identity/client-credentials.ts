/** The sandbox app registered with the emulated Xero. Overridable so a proxy configured for it needs no code change. */
export interface XeroAppCredentials {
  clientId: string;
  clientSecret: string;
}

export function defaultXeroAppCredentials(env: NodeJS.ProcessEnv = process.env): XeroAppCredentials {
  return {
    clientId: env['SANDBOX_XERO_CLIENT_ID'] ?? 'sandbox-xero-client',
    clientSecret: env['SANDBOX_XERO_CLIENT_SECRET'] ?? 'sandbox-xero-secret',
  };
}

/**
 * Client authentication at the token and revocation endpoints: HTTP Basic (what xero-node sends) or client_id and
 * client_secret in the form body (what xero-python sends, recorded/test_token_api_refresh_token.yaml).
 */
export function authenticateClient(
  authorization: string | undefined,
  form: Record<string, string>,
  app: XeroAppCredentials,
): string | undefined {
  let clientId = form['client_id'];
  let clientSecret = form['client_secret'];
  if (authorization?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    clientId = decodeURIComponent(decoded.slice(0, colon));
    clientSecret = decodeURIComponent(decoded.slice(colon + 1));
  }
  return clientId === app.clientId && clientSecret === app.clientSecret ? clientId : undefined;
}

/** Scopes Xero knows; anything else is invalid_scope. */
const KNOWN_SCOPE = /^(openid|profile|email|offline_access|accounting\.[a-z.]+|payroll\.[a-z.]+|files(\.read)?|assets(\.read)?|projects(\.read)?|bankfeeds|finance\.[a-z.]+|paymentservices|app\.connections|marketplace\.billing)$/;

export function isKnownScope(scope: string): boolean {
  return KNOWN_SCOPE.test(scope);
}
