/**
 * The sandbox's one registered QBO app. Real Intuit keys come in development/production pairs (api-facts.md
 * "Redirect URIs"); here one pair, overridable by env so a proxy configured with other credentials still connects.
 * Any redirect_uri is accepted: the proxy under test listens on an ephemeral loopback port.
 */
export interface QboAppCredentials {
  clientId: string;
  clientSecret: string;
}

export function qboAppCredentials(env: NodeJS.ProcessEnv = process.env): QboAppCredentials {
  return {
    clientId: env.SANDBOX_QBO_CLIENT_ID ?? 'sandbox-qbo-client',
    clientSecret: env.SANDBOX_QBO_CLIENT_SECRET ?? 'sandbox-qbo-secret',
  };
}

/** Token lifetimes (api-facts.md "Token lifetimes"): access 1 h; refresh 100 days rolling; old refresh ~24 h grace. */
export const ACCESS_TOKEN_SECONDS = 3600;
export const REFRESH_TOKEN_SECONDS = 100 * 86_400;
export const PREVIOUS_REFRESH_GRACE_SECONDS = 24 * 3600;
export const AUTH_CODE_SECONDS = 600;
export const QBO_ACCOUNTING_SCOPE = 'com.intuit.quickbooks.accounting';
