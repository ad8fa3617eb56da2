import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * OpenID id_token, RS256-signed like Intuit's (discovery.json: id_token_signing_alg_values_supported RS256), with the
 * claims Intuit sends (sub, aud[], realmid, auth_time, iss, exp, iat). The key is made per process and published as
 * JWKS so a client that validates id tokens can.
 */
export interface IdTokenSigner {
  sign(claims: Record<string, unknown>): string;
  jwks(): { keys: Record<string, unknown>[] };
}

export function createIdTokenSigner(): IdTokenSigner {
  let keys: { privateKey: KeyObject; publicKey: KeyObject } | undefined;
  const keyId = 'sandbox-qbo-1';
  const ensureKeys = (): { privateKey: KeyObject; publicKey: KeyObject } => {
    keys ??= generateKeyPairSync('rsa', { modulusLength: 2048 });
    return keys;
  };
  return {
    sign(claims) {
      const header = Buffer.from(JSON.stringify({ kid: keyId, alg: 'RS256' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(ensureKeys().privateKey).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    jwks() {
      const jwk = ensureKeys().publicKey.export({ format: 'jwk' });
      return { keys: [{ ...jwk, kid: keyId, alg: 'RS256', use: 'sig' }] };
    },
  };
}
