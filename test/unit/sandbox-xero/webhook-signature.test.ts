import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { xeroWebhookSignature } from '../../../proxy-server/sandbox/xero/webhooks/signature';
import { referencePath } from '../../support/reference';

const vectors = JSON.parse(
  readFileSync(referencePath('webhooks/xero_signature_vectors.json'), 'utf8'),
) as { signing_key: string; payload: string; signature: string; negative: { payload: string; signature: string } }[];

describe('x-xero-signature', () => {
  it.each(vectors)('reproduces the published vector $id', (vector) => {
    expect(xeroWebhookSignature(vector.payload, vector.signing_key)).toBe(vector.signature);
    expect(xeroWebhookSignature(vector.negative.payload, vector.signing_key)).not.toBe(vector.negative.signature);
  });
});
