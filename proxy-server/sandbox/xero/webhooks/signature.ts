import { createHmac, randomBytes } from 'node:crypto';

/**
 * `x-xero-signature` = base64(HMAC-SHA256(raw body bytes, webhook key as UTF-8)); webhooks/xero_signature_vectors.json.
 * Always over the exact bytes sent: re-serialising JSON changes them.
 */
export function xeroWebhookSignature(rawBody: string, key: string): string {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(Buffer.from(rawBody, 'utf8')).digest('base64');
}

/** Twenty upper-case letters, like the `entropy` values in the samples. */
export function webhookEntropy(): string {
  const bytes = randomBytes(20);
  return [...bytes].map((byte) => String.fromCharCode(65 + (byte % 26))).join('');
}
