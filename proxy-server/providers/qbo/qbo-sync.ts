import { z } from 'zod';
import {
  ProviderError,
  type ApiAuth,
  type ChangeSet,
  type EntitySync,
  type FetchedRecords,
  type MirrorRecord,
  type RecordPage,
  type SkippedRecord,
  type SyncEntity,
} from '../provider-client';
import type { MapContext } from './map-common';
import { QBO_ENTITIES, qboEntityByName, qboRecordLink, type QboEntity } from './qbo-entities';
import { parseEnvelope } from './qbo-envelopes';

/** CDC limits (api-facts.md §1 ChangeDataCapture): 30 days back at most, 1,000 objects per response across entities. */
export const CDC_MAX_OBJECTS = 1000;
export const CDC_LOOKBACK_MS = 30 * 24 * 60 * 60 * 1000;
/** Ids per `WHERE Id IN (…)` query: keeps the URL short (QBO also takes the statement as a POST body). */
const IDS_PER_QUERY = 100;

const QueryResponse = z.object({ QueryResponse: z.record(z.string(), z.unknown()), time: z.string().optional() });
const CdcResponse = z.object({
  CDCResponse: z.array(z.object({ QueryResponse: z.array(z.record(z.string(), z.unknown())).optional() }).passthrough()),
  time: z.string().optional(),
});

export type GetJson = (auth: ApiAuth, path: string, signal?: AbortSignal) => Promise<unknown>;

/** QBO query literals are single-quoted; a quote inside is backslash-escaped. */
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** WHERE clause for a full read: list entities include inactive rows (a customer made inactive stays visible). */
export function whereFor(entity: QboEntity, historicalFrom: string | null): string {
  const conditions: string[] = [];
  if (entity.list) conditions.push('Active IN (true, false)');
  if (!entity.list && historicalFrom) conditions.push(`TxnDate >= ${literal(historicalFrom)}`);
  return conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
}

function timeOf(raw: unknown): number | null {
  const meta = raw && typeof raw === 'object' && 'MetaData' in raw ? (raw.MetaData as { LastUpdatedTime?: unknown }) : undefined;
  const t = typeof meta?.LastUpdatedTime === 'string' ? Date.parse(meta.LastUpdatedTime) : Number.NaN;
  return Number.isNaN(t) ? null : t;
}

export function createQboSync(deps: { getJson: GetJson; appBaseUrl: string; pageSize: number }): EntitySync {
  const { getJson } = deps;
  const context = (auth: ApiAuth, homeCurrency: string | null): MapContext => ({
    connectionId: auth.connectionId,
    companyId: auth.companyId,
    homeCurrency,
    deepLink: (entity, id) => qboRecordLink(deps.appBaseUrl, auth.companyId, entity, id),
  });
  const mapAll = (entity: QboEntity, raws: readonly unknown[], ctx: MapContext) => {
    const records: MirrorRecord[] = [];
    const skipped: SkippedRecord[] = [];
    for (const raw of raws) {
      const mapped = entity.map(raw, ctx);
      if (mapped.ok) records.push(mapped.record);
      else skipped.push(mapped.skipped);
    }
    return { records, skipped };
  };
  const query = async (auth: ApiAuth, statement: string, what: string, signal?: AbortSignal) =>
    parseEnvelope(QueryResponse, await getJson(auth, `query?query=${encodeURIComponent(statement)}`, signal), what).QueryResponse;

  return {
    entities: Object.keys(QBO_ENTITIES) as SyncEntity[],
    maxLookbackMs: CDC_LOOKBACK_MS,

    async *listRecords(auth, entityName, options): AsyncIterable<RecordPage> {
      const entity = QBO_ENTITIES[entityName];
      const ctx = context(auth, options.homeCurrency);
      const pageSize = Math.min(options.pageSize ?? deps.pageSize, CDC_MAX_OBJECTS);
      // Stable order, so a resumed import's STARTPOSITION still points where the interrupted one stopped.
      const where = whereFor(entity, options.historicalFrom);
      for (let start = Math.max(1, options.startPosition ?? 1); ; start += pageSize) {
        const statement = `SELECT * FROM ${entity.name}${where} ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${pageSize}`;
        const response = await query(auth, statement, `${entity.name} query`, options.signal);
        const raw = response[entity.name];
        const rows = Array.isArray(raw) ? raw : [];
        // maxResults is the number returned, not the page size asked for (reference/README.md).
        const next = rows.length < pageSize ? null : start + pageSize;
        yield { entity: entityName, ...mapAll(entity, rows, ctx), next };
        if (next === null) return;
      }
    },

    async countRecords(auth, entityName, options) {
      const entity = QBO_ENTITIES[entityName];
      const response = await query(auth, `SELECT COUNT(*) FROM ${entity.name}${whereFor(entity, options.historicalFrom)}`, `${entity.name} count`, options.signal);
      const total = response.totalCount;
      if (typeof total !== 'number') throw new ProviderError('malformed_response', `QuickBooks sent no count for ${entity.name}.`);
      return total;
    },

    async changes(auth, entityNames, window, options): Promise<ChangeSet> {
      const ctx = context(auth, options.homeCurrency);
      const names = entityNames.map((e) => QBO_ENTITIES[e].name);
      // One second earlier than asked: LastUpdatedTime has whole seconds and whether changedSince is inclusive is not
      // documented, so a change stamped exactly at a window's start must not fall between two windows.
      const since = new Date(window.from - 1000).toISOString();
      const path = `cdc?entities=${names.join(',')}&changedSince=${encodeURIComponent(since)}`;
      const body = parseEnvelope(CdcResponse, await getJson(auth, path, options.signal), 'change data capture');
      const set: ChangeSet = { complete: true, records: [], deleted: [], skipped: [], serverTime: body.time ? Date.parse(body.time) || null : null };
      let objects = 0;
      let ordered = true;
      let reachesEnd = false;
      for (const response of body.CDCResponse.flatMap((r) => r.QueryResponse ?? [])) {
        for (const [name, value] of Object.entries(response)) {
          const entity = qboEntityByName(name);
          if (!entity || !Array.isArray(value)) continue;
          objects += value.length;
          let last = -Infinity;
          const live: unknown[] = [];
          for (const raw of value) {
            const at = timeOf(raw);
            if (at !== null && at < last) ordered = false;
            if (at !== null) last = Math.max(last, at);
            if (at !== null && at < window.from - 1000) continue;
            if (window.to !== null && at !== null && at >= window.to) {
              reachesEnd = true;
              continue; // belongs to a later window
            }
            const status = raw && typeof raw === 'object' && 'status' in raw ? String(raw.status) : '';
            const id = raw && typeof raw === 'object' && 'Id' in raw ? String(raw.Id) : '';
            if (status === 'Deleted') {
              if (id) set.deleted.push({ entity: entity.entity, id });
            } else live.push(raw);
          }
          const mapped = mapAll(entity, live, ctx);
          set.records.push(...mapped.records.map((record) => ({ entity: entity.entity, record })));
          set.skipped.push(...mapped.skipped);
        }
      }
      // A capped response is complete for [from, to) only when one entity was asked for, its objects come oldest
      // first, and they already run past `to` (then nothing in the window can be missing). Otherwise: split.
      set.complete = objects < CDC_MAX_OBJECTS || (entityNames.length === 1 && ordered && reachesEnd);
      return set;
    },

    async fetchByIds(auth, entityName, ids, options): Promise<FetchedRecords> {
      const entity = QBO_ENTITIES[entityName];
      const ctx = context(auth, options.homeCurrency);
      const out: FetchedRecords = { records: [], skipped: [], missing: [] };
      const unique = [...new Set(ids)].filter((id) => /^[A-Za-z0-9_-]{1,64}$/.test(id));
      for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
        const batch = unique.slice(i, i + IDS_PER_QUERY);
        const active = entity.list ? 'Active IN (true, false) AND ' : '';
        const statement = `SELECT * FROM ${entity.name} WHERE ${active}Id IN (${batch.map(literal).join(', ')}) MAXRESULTS ${CDC_MAX_OBJECTS}`;
        const response = await query(auth, statement, `${entity.name} query`, options.signal);
        const raw = response[entity.name];
        const rows = Array.isArray(raw) ? raw : [];
        const mapped = mapAll(entity, rows, ctx);
        out.records.push(...mapped.records);
        out.skipped.push(...mapped.skipped);
        const found = new Set(rows.map((r) => (r && typeof r === 'object' && 'Id' in r ? String(r.Id) : '')));
        out.missing.push(...batch.filter((id) => !found.has(id)));
      }
      return out;
    },
  };
}
