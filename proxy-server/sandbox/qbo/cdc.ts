import { customerJson } from './customer-json.js';
import type { FaultError } from './fault-json.js';
import { QBO_ENTITY_DEFS } from './entities/registry.js';
import { invoiceJson, paymentJson } from './invoice-json.js';
import { DAY_MS, formatQboDateTime } from './qbo-time.js';
import type { QboCompanyData, QboDeletedRecord } from './records.js';

/** ChangeDataCapture limits (api-facts.md "ChangeDataCapture"): 30-day look-back, 1,000 objects shared by all entities. */
export const CDC_MAX_LOOKBACK_DAYS = 30;
export const CDC_MAX_OBJECTS = 1000;

type Json = Record<string, unknown>;
interface Changed {
  at: number;
  json: () => Json;
}

const sources: Record<string, (company: QboCompanyData) => Changed[]> = {
  customer: (company) => company.customers.map((row) => ({ at: row.updatedAt, json: () => customerJson(company, row) })),
  invoice: (company) => company.invoices.map((row) => ({ at: row.updatedAt, json: () => invoiceJson(company, row) })),
  payment: (company) => company.payments.map((row) => ({ at: row.updatedAt, json: () => paymentJson(company, row) })),
};

const CANONICAL: Record<string, QboDeletedRecord['entity']> = { customer: 'Customer', invoice: 'Invoice', payment: 'Payment' };

// The registry's entities (Estimate, TimeActivity, Vendor, …) join CDC under their canonical names.
for (const def of QBO_ENTITY_DEFS) {
  if (!def.cdc) continue;
  const key = def.name.toLowerCase();
  CANONICAL[key] = def.name;
  sources[key] = (company) => def.rows(company).map((row) => ({ at: (row as { updatedAt: number }).updatedAt, json: () => def.toJson(company, row) }));
}

export type CdcResult = { ok: true; body: Json } | { ok: false; error: FaultError };

export function changeDataCapture(company: QboCompanyData, entitiesParam: string, changedSinceParam: string, now: number): CdcResult {
  const invalid = (detail: string, element: string): CdcResult => ({ ok: false, error: { Message: 'Invalid Request', Detail: detail, code: '4000', element } });
  const entities = entitiesParam.split(',').map((name) => name.trim()).filter(Boolean);
  if (entities.length === 0) return invalid('entities is required', 'entities');
  const unknown = entities.find((name) => sources[name.toLowerCase()] === undefined);
  if (unknown !== undefined) return invalid(`CDC does not support entity ${unknown}`, 'entities');
  const since = Date.parse(changedSinceParam);
  if (Number.isNaN(since)) return invalid('changedSince must be an ISO-8601 date-time', 'changedSince');
  // The sandbox's code for a window past 30 days; the rule is documented, its exact error code is not.
  if (since < now - CDC_MAX_LOOKBACK_DAYS * DAY_MS) return invalid(`changedSince must be within the last ${CDC_MAX_LOOKBACK_DAYS} days`, 'changedSince');

  let budget = CDC_MAX_OBJECTS;
  const responses = entities.map((name) => {
    const key = name.toLowerCase();
    const entity = CANONICAL[key] ?? name;
    const changed: Changed[] = (sources[key]?.(company) ?? []).filter((row) => row.at > since);
    for (const gone of company.deleted) {
      if (gone.entity === entity && gone.deletedAt > since) {
        changed.push({ at: gone.deletedAt, json: () => ({ domain: 'QBO', status: 'Deleted', Id: gone.id, MetaData: { LastUpdatedTime: formatQboDateTime(gone.deletedAt) } }) });
      }
    }
    changed.sort((a, b) => a.at - b.at);
    const page = changed.slice(0, Math.max(0, budget));
    budget -= page.length;
    // An entity with no changes is an empty QueryResponse (xml-fixtures/change_data_capture_response.xml).
    if (page.length === 0) return {};
    return { [entity]: page.map((row) => row.json()), startPosition: 1, maxResults: page.length };
  });
  return { ok: true, body: { CDCResponse: [{ QueryResponse: responses }] } };
}
