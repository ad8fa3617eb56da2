import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Intuit `intuit-signature` and Xero `x-xero-signature` are both base64(HMAC-SHA256(raw body bytes, key))
 * (api-facts.md §1/§2 Webhooks; vectors in reference/webhooks/*_signature_vectors.json). The MAC is computed over
 * the exact bytes received — re-serialised JSON would not match — and compared in constant time.
 */
export function verifyWebhookSignature(rawBody: Uint8Array, signature: string | undefined | null, key: string | undefined): boolean {
  if (!key || !signature) return false;
  const expected = createHmac('sha256', key).update(rawBody).digest();
  let given: Buffer;
  try {
    given = Buffer.from(signature.trim(), 'base64');
  } catch {
    return false;
  }
  // timingSafeEqual needs equal lengths; the length of a SHA-256 MAC is public, so this early exit leaks nothing.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
