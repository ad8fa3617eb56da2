import type { FeedItem, Invoice, Payment, RecordContext } from '../../../../lib/model';
import { recordKey } from '../../../../lib/model';

/** Transaction fixtures for the customers of fake-proxy.ts (qbo, realm-1, conn-1). */

export function invoice(overrides: Partial<Invoice> & { id: string; customerId: string }): Invoice {
  return {
    provider: 'qbo',
    companyId: 'realm-1',
    connectionId: 'conn-1',
    updatedAt: '2025-11-01T00:00:00.000Z',
    number: `INV-${overrides.id}`,
    status: 'open',
    issueDate: '2025-10-01',
    dueDate: '2025-10-31',
    currency: 'USD',
    total: '100',
    balance: '100',
    lines: [{ description: 'Work', itemId: '1', itemName: 'Hours', quantity: '1', unitPrice: '100', amount: '100', taxCode: null }],
    webUrl: null,
    ...overrides,
  };
}

export function payment(overrides: Partial<Payment> & { id: string; customerId: string }): Payment {
  return {
    provider: 'qbo',
    companyId: 'realm-1',
    connectionId: 'conn-1',
    updatedAt: '2025-11-01T00:00:00.000Z',
    date: '2025-11-05',
    currency: 'USD',
    amount: '50',
    reference: null,
    appliedTo: [],
    webUrl: null,
    ...overrides,
  };
}

export const upsertInvoice = (i: Invoice): FeedItem => ({ op: 'upsert', entity: 'invoice', key: recordKey(i), data: i });
export const upsertPayment = (p: Payment): FeedItem => ({ op: 'upsert', entity: 'payment', key: recordKey(p), data: p });
export const deleteOf = (entity: FeedItem['entity'], key: string): FeedItem => ({
  op: 'delete',
  entity,
  key,
  connectionId: 'conn-1',
});

/** A HubSpot contact as the content script reads it: no fields unless given. */
export function crmRecord(over: Partial<RecordContext>): RecordContext {
  return {
    crm: 'hubspot', kind: 'person', recordKey: 'hubspot:1:0-1:1', name: null, emails: [], companyName: null, phone: null, address: null,
    ...over,
  };
}
