import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { webhookSignature } from '../../../proxy-server/sandbox/webhook-signature.js';
import { cloudEventsPayload, legacyPayload } from '../../../proxy-server/sandbox/qbo/webhooks.js';
import { referencePath } from '../../support/reference';

const vectors = JSON.parse(readFileSync(referencePath('webhooks/intuit_signature_vectors.json'), 'utf8')) as {
  verifier_token: string;
  payload: string;
  signature: string;
  negative: { signature: string };
}[];

describe('intuit-signature', () => {
  it.each(vectors)('reproduces the Intuit SDK vector $verifier_token', (vector) => {
    expect(webhookSignature(vector.payload, vector.verifier_token)).toBe(vector.signature);
    expect(webhookSignature(vector.payload, vector.verifier_token)).not.toBe(vector.negative.signature);
  });
});

describe('QBO webhook payloads', () => {
  const change = { realmId: '42', entity: 'Customer' as const, id: '7', operation: 'Update' as const, at: Date.parse('2026-01-02T03:04:05Z') };
  it('legacy groups entities by realm', () => {
    expect(legacyPayload([change])).toEqual({
      eventNotifications: [{ realmId: '42', dataChangeEvent: { entities: [{ name: 'Customer', id: '7', operation: 'Update', lastUpdated: '2026-01-01T20:04:05-07:00' }] } }],
    });
  });
  it('CloudEvents names the type qbo.<entity>.<verb>.v1 and carries the realm as intuitaccountid', () => {
    expect(cloudEventsPayload([change])).toEqual([
      expect.objectContaining({ specversion: '1.0', type: 'qbo.customer.updated.v1', intuitentityid: '7', intuitaccountid: '42', time: '2026-01-02T03:04:05.000Z' }),
    ]);
  });
});
