import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { xeroWebhookSignature } from '../../../proxy-server/sandbox/xero/webhooks/signature';

const vectors = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../../../shared/reference/webhooks/xero_signature_vectors.json', import.meta.url)), 'utf8'),
) as { signing_key: string; payload: string; signature: string; negative: { payload: string; signature: string } }[];

describe('x-xero-signature', () => {
  it.each(vectors)('reproduces the published vector $id', (vector) => {
    expect(xeroWebhookSignature(vector.payload, vector.signing_key)).toBe(vector.signature);
    expect(xeroWebhookSignature(vector.negative.payload, vector.signing_key)).not.toBe(vector.negative.signature);
  });
});
