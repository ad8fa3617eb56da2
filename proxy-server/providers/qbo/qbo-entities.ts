import type { MirrorRecord, SyncEntity } from '../provider-client';
import type { MapContext, Mapped } from './map-common';
import { mapQboCustomer } from './map-customer';
import { mapQboEmployee, mapQboItem, mapQboVendor } from './map-lists';
import { mapQboCreditMemo, mapQboEstimate, mapQboInvoice, mapQboPayment } from './map-transactions';

/**
 * The QBO side of each mirrored entity, as data: its QBO name (query, CDC, webhooks), its deep-link page, whether it
 * is a list entity (queries hide inactive rows unless Active is named) or a transaction (TxnDate filter), its mapper.
 */
export interface QboEntity {
  entity: SyncEntity;
  name: string;
  /** Page of the QBO web app (`/app/{page}?txnId=`); null for records without one. */
  page: string | null;
  list: boolean;
  map(raw: unknown, ctx: MapContext): Mapped<MirrorRecord>;
}

const customer: QboEntity = {
  entity: 'customer',
  name: 'Customer',
  page: 'customerdetail',
  list: true,
  map(raw, ctx) {
    const result = mapQboCustomer(raw, { ...ctx, deepLink: (id) => ctx.deepLink('customer', id) ?? '' });
    return result.ok ? { ok: true, record: result.customer } : result;
  },
};

export const QBO_ENTITIES: Record<SyncEntity, QboEntity> = {
  customer,
  item: { entity: 'item', name: 'Item', page: null, list: true, map: mapQboItem },
  employee: { entity: 'employee', name: 'Employee', page: null, list: true, map: mapQboEmployee },
  vendor: { entity: 'vendor', name: 'Vendor', page: null, list: true, map: mapQboVendor },
  invoice: { entity: 'invoice', name: 'Invoice', page: 'invoice', list: false, map: mapQboInvoice },
  estimate: { entity: 'estimate', name: 'Estimate', page: 'estimate', list: false, map: mapQboEstimate },
  payment: { entity: 'payment', name: 'Payment', page: 'recvpayment', list: false, map: mapQboPayment },
  credit_note: { entity: 'credit_note', name: 'CreditMemo', page: 'creditmemo', list: false, map: mapQboCreditMemo },
};

const BY_NAME = new Map(Object.values(QBO_ENTITIES).map((e) => [e.name.toLowerCase(), e]));

/** QBO entity name (any case, as webhooks and CDC spell it) → the mirrored entity; null for ones we do not mirror. */
export function qboEntityByName(name: string): QboEntity | null {
  return BY_NAME.get(name.toLowerCase()) ?? null;
}

/** Deep links carry deeplinkcompanyid so the right company opens when the user has several (api-facts.md §1). */
export function qboRecordLink(appBaseUrl: string, realmId: string, entity: SyncEntity, id: string): string | null {
  const page = QBO_ENTITIES[entity].page;
  if (!page) return null;
  const param = entity === 'customer' ? 'nameId' : 'txnId';
  return `${appBaseUrl.replace(/\/+$/, '')}/app/${page}?${param}=${encodeURIComponent(id)}&deeplinkcompanyid=${encodeURIComponent(realmId)}`;
}
