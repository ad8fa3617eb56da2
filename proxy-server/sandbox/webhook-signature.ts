import { createHmac } from 'node:crypto';

/**
 * Intuit `intuit-signature` and Xero `x-xero-signature`: base64(HMAC-SHA256(raw body bytes, key))
 * (reference webhooks/intuit_signature_vectors.json, xero_signature_vectors.json).
 */
export function webhookSignature(rawBody: string, key: string): string {
  return createHmac('sha256', key).update(rawBody, 'utf8').digest('base64');
}
