import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Xero access tokens are RS256 JWTs that clients may decode (xero-node reads `exp` and `authentication_event_id`).
 * The sandbox signs with HMAC-SHA256 under a per-process secret: same shape, verifiable without a key store.
 */
export function encodeJwt(payload: Record<string, unknown>, secret: string, keyId = 'sandbox-xero-1'): string {
  const header = { alg: 'HS256', kid: keyId, typ: 'JWT' };
  const body = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  return `${body}.${sign(body, secret)}`;
}

export function decodeVerifiedJwt(token: string, secret: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${header}.${payload}`, secret));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null ? (decoded as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function sign(data: string, secret: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url');
}
