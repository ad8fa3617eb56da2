import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapQboEmployee, mapQboItem } from '../../../proxy-server/providers/qbo/map-lists';
import { mapQboCreditMemo, mapQboEstimate, mapQboInvoice, mapQboPayment } from '../../../proxy-server/providers/qbo/map-transactions';
import { parseQboWebhook } from '../../../proxy-server/providers/qbo/webhook-payload';
import { verifyWebhookSignature } from '../../../proxy-server/webhooks/signature';
import { parseXeroWebhook } from '../../../proxy-server/webhooks/xero-payload';
import { referencePath } from '../../support/reference';

const REF = referencePath('webhooks');
const vectors = (name: string) => JSON.parse(readFileSync(`${REF}/${name}`, 'utf8')) as Record<string, unknown>[];
const bytes = (s: string) => new TextEncoder().encode(s);

describe('webhook signatures (reference vectors)', () => {
  it.each(vectors('intuit_signature_vectors.json'))('intuit $id', (v) => {
    expect(verifyWebhookSignature(bytes(v.payload as string), v.signature as string, v.verifier_token as string)).toBe(true);
    expect(verifyWebhookSignature(bytes(v.payload as string), (v.negative as { signature: string }).signature, v.verifier_token as string)).toBe(false);
    expect(verifyWebhookSignature(bytes(`${v.payload as string} `), v.signature as string, v.verifier_token as string)).toBe(false);
    expect(verifyWebhookSignature(bytes(v.payload as string), undefined, v.verifier_token as string)).toBe(false);
    expect(verifyWebhookSignature(bytes(v.payload as string), v.signature as string, undefined)).toBe(false);
  });
  it.each(vectors('xero_signature_vectors.json'))('xero $id (intent to receive)', (v) => {
    expect(verifyWebhookSignature(bytes(v.payload as string), v.signature as string, v.signing_key as string)).toBe(true);
    const negative = v.negative as { payload: string; signature: string };
    expect(verifyWebhookSignature(bytes(negative.payload), negative.signature, v.signing_key as string)).toBe(false);
    expect(parseXeroWebhook(JSON.parse(v.payload as string))).toEqual({ ok: true, events: [] });
  });
});

describe('QBO webhook payloads', () => {
  it('reads legacy eventNotifications with a dedupe key per change', () => {
    const [v] = vectors('intuit_signature_vectors.json');
    const parsed = parseQboWebhook(JSON.parse(v?.payload as string));
    expect(parsed).toMatchObject({ ok: true, format: 'legacy', events: [{ provider: 'qbo', companyId: '1185883450', entity: 'customer', id: '1', operation: 'create' }] });
    if (parsed.ok) expect(parsed.events[0]?.occurredAt).toBe(Date.parse('2015-10-05T21:42:19Z'));
  });
  it('reads CloudEvents (the sample; merges tombstone data.deletedid) and keeps unmirrored entities by name', () => {
    const sample = JSON.parse(readFileSync(`${REF}/intuit_cloudevents_payload_sample.json`, 'utf8')) as { raw_body: string };
    expect(parseQboWebhook(JSON.parse(sample.raw_body))).toMatchObject({ ok: true, format: 'cloudevents', events: [{ entity: 'class', id: '1234', companyId: '310687', key: 'qbo:ce:d1a3aedd-9670-41bf-a4f9-c148a1cc4e03' }] });
    const merged = parseQboWebhook([{ id: 'e1', type: 'qbo.customer.merged.v1', intuitentityid: '5', intuitaccountid: 'r', data: { deletedid: '9' } }]);
    expect(merged.ok && merged.events.map((e) => [e.entity, e.id, e.operation])).toEqual([['customer', '5', 'merge'], ['customer', '9', 'delete']]);
    expect(parseQboWebhook({ nope: 1 }).ok).toBe(false);
  });
});

const ctx = { connectionId: 'c', companyId: 'r', homeCurrency: 'USD', deepLink: (e: string, id: string) => `https://qbo.example/app/${e}?txnId=${id}` };
const meta = { MetaData: { LastUpdatedTime: '2024-05-01T10:00:00-07:00' } };
const line = { Amount: 20.5, DetailType: 'SalesItemLineDetail', Description: 'Work', SalesItemLineDetail: { ItemRef: { value: '1', name: 'Hours' }, Qty: 2, UnitPrice: 10.25 } };
const subtotal = { Amount: 20.5, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} };

describe('QBO mappers', () => {
  it('maps an invoice with item lines only, exact decimals, status from balance', () => {
    const r = mapQboInvoice({ Id: '7', DocNumber: '1001', TxnDate: '2024-05-01', DueDate: '2024-05-31', CustomerRef: { value: '3' }, TotalAmt: 20.5, Balance: 0.1, Line: [line, subtotal], ...meta }, ctx);
    expect(r.ok && r.record).toMatchObject({ id: '7', customerId: '3', status: 'open', total: '20.5', balance: '0.1', currency: 'USD', lines: [{ itemId: '1', quantity: '2', unitPrice: '10.25', amount: '20.5' }] });
    const paid = mapQboInvoice({ Id: '8', TxnDate: '2024-05-01', CustomerRef: { value: '3' }, TotalAmt: 5, Balance: 0 }, ctx);
    expect(paid.ok && paid.record.status).toBe('paid');
  });
  it('maps payments (appliedTo from Line[].LinkedTxn), estimates, credit memos, items and employees', () => {
    const p = mapQboPayment({ Id: '9', TxnDate: '2024-05-02', CustomerRef: { value: '3' }, TotalAmt: 30, Line: [{ Amount: 20, LinkedTxn: [{ TxnId: '7', TxnType: 'Invoice' }] }, { Amount: 10, LinkedTxn: [{ TxnId: '4', TxnType: 'CreditMemo' }] }] }, ctx);
    expect(p.ok && p.record.appliedTo).toEqual([{ invoiceId: '7', amount: '20' }]);
    const e = mapQboEstimate({ Id: '10', TxnDate: '2024-05-02', CustomerRef: { value: '3' }, TotalAmt: 1, TxnStatus: 'Rejected', ExpirationDate: '2024-06-01', Line: [] }, ctx);
    expect(e.ok && e.record).toMatchObject({ status: 'declined', expiryDate: '2024-06-01' });
    const cm = mapQboCreditMemo({ Id: '11', TxnDate: '2024-05-02', CustomerRef: { value: '3' }, TotalAmt: 4, RemainingCredit: 4 }, ctx);
    expect(cm.ok && cm.record).toMatchObject({ remaining: '4', status: 'open' });
    const item = mapQboItem({ Id: '1', Name: 'Hours', Type: 'Service', UnitPrice: 10.25, Active: false }, ctx);
    expect(item.ok && item.record).toMatchObject({ type: 'service', unitPrice: '10.25', active: false });
    const emp = mapQboEmployee({ Id: '55', GivenName: 'Ada', FamilyName: 'Lovelace', PrimaryEmailAddr: { Address: 'a@x.io, b@x.io' } }, ctx);
    expect(emp.ok && emp.record).toMatchObject({ displayName: 'Ada Lovelace', emails: ['a@x.io', 'b@x.io'] });
  });
  it('turns malformed records into skipped records with reasons, never a throw', () => {
    expect(mapQboInvoice({ Id: '1' }, ctx)).toMatchObject({ ok: false, skipped: { entity: 'invoice', providerId: '1', reason: 'malformed' } });
    expect(mapQboInvoice('junk', ctx)).toMatchObject({ ok: false, skipped: { providerId: null, reason: 'malformed' } });
    expect(mapQboPayment({ Id: '2', TxnDate: '2024-01-01', CustomerRef: { value: '3' }, TotalAmt: 'lots' }, ctx)).toMatchObject({ ok: false, skipped: { reason: 'malformed' } });
    expect(mapQboInvoice({ Id: '3', TxnDate: '2024-01-01', CustomerRef: { value: '3' } }, { ...ctx, homeCurrency: null })).toMatchObject({ ok: false, skipped: { reason: 'currency_unsupported' } });
    expect(mapQboItem({ Id: '4' }, ctx)).toMatchObject({ ok: false, skipped: { reason: 'no_name' } });
  });
});
