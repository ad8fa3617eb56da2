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
/** A page's `time` less this is where an import's catch-up CDC starts (CDC windows also step back 1 s each). */
const SERVER_TIME_MARGIN_MS = 1000;
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

/**
 * Import pages read at once (QBO allows 10 requests in flight per realm, api-facts.md §1 "Rate limits"): 8 keeps the
 * pipe full at 500 calls a minute with sub-second pages and leaves room for webhooks and actions on the limiter.
 */
export const DEFAULT_PAGE_CONCURRENCY = 8;

export function createQboSync(deps: { getJson: GetJson; appBaseUrl: string; pageSize: number; pageConcurrency?: number }): EntitySync {
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
  const queryWithTime = async (auth: ApiAuth, statement: string, what: string, signal?: AbortSignal) => {
    const body = parseEnvelope(QueryResponse, await getJson(auth, `query?query=${encodeURIComponent(statement)}`, signal), what);
    return { response: body.QueryResponse, serverTime: body.time ? Date.parse(body.time) || null : null };
  };
  const query = async (auth: ApiAuth, statement: string, what: string, signal?: AbortSignal) =>
    (await queryWithTime(auth, statement, what, signal)).response;
  const count = async (auth: ApiAuth, entity: QboEntity, historicalFrom: string | null, signal?: AbortSignal) => {
    const response = await query(auth, `SELECT COUNT(*) FROM ${entity.name}${whereFor(entity, historicalFrom)}`, `${entity.name} count`, signal);
    const total = response.totalCount;
    if (typeof total !== 'number') throw new ProviderError('malformed_response', `QuickBooks sent no count for ${entity.name}.`);
    return total;
  };

  return {
    entities: Object.keys(QBO_ENTITIES) as SyncEntity[],
    maxLookbackMs: CDC_LOOKBACK_MS,

    /**
     * Pages by STARTPOSITION in Id order. The first page is read alone: a short one is the whole entity (one call).
     * When it is full, one COUNT query tells how many pages remain, and those are read `pageConcurrency` at a time
     * (the company limiter still caps calls per minute and in flight) and yielded in order, so the caller writes
     * page n while pages n+1… are on the wire and a stored `next` always has every earlier page written. The count
     * also spares the empty page after an exact multiple of the page size. Records created after the count are
     * past the pages read; the import's catch-up CDC (sync-run.ts) reads them, as it reads every change made
     * after the first page.
     */
    async *listRecords(auth, entityName, options): AsyncIterable<RecordPage> {
      const entity = QBO_ENTITIES[entityName];
      const ctx = context(auth, options.homeCurrency);
      const pageSize = Math.min(options.pageSize ?? deps.pageSize, CDC_MAX_OBJECTS);
      // Stable order, so a resumed import's STARTPOSITION still points where the interrupted one stopped.
      const where = whereFor(entity, options.historicalFrom);
      const readPage = async (start: number) => {
        const statement = `SELECT * FROM ${entity.name}${where} ORDERBY Id STARTPOSITION ${start} MAXRESULTS ${pageSize}`;
        const { response, serverTime } = await queryWithTime(auth, statement, `${entity.name} query`, options.signal);
        const raw = response[entity.name];
        const rows = Array.isArray(raw) ? raw : [];
        // Mapped as it arrives, not when yielded: the pages read ahead are mapped while the caller writes the
        // current one (the database works on its own thread, store/pglite-driver.ts).
        return { start, size: rows.length, mapped: mapAll(entity, rows, ctx), serverTime };
      };
      const toPage = (page: Awaited<ReturnType<typeof readPage>>, last: boolean): RecordPage => {
        // maxResults is the number returned, not the page size asked for (reference/README.md).
        const next = last || page.size < pageSize ? null : page.start + pageSize;
        // `time` is stamped as QBO answers; whether its snapshot came a moment earlier is not documented.
        const serverTime = page.serverTime === null ? null : page.serverTime - SERVER_TIME_MARGIN_MS;
        return { entity: entityName, ...page.mapped, next, serverTime };
      };

      const first = Math.max(1, options.startPosition ?? 1);
      const head = await readPage(first);
      if (head.size < pageSize) {
        yield toPage(head, true);
        return;
      }
      const total = await count(auth, entity, options.historicalFrom, options.signal);
      // The last STARTPOSITION the count says holds records. Its page ends the entity: anything created after the
      // count lies beyond it and is newer than the first page, so the catch-up CDC reads it.
      const lastStart = first + Math.max(0, Math.floor((total - first) / pageSize)) * pageSize;
      if (lastStart <= first) {
        yield toPage(head, true);
        return;
      }
      const concurrency = Math.max(1, deps.pageConcurrency ?? DEFAULT_PAGE_CONCURRENCY);
      const inFlight: Promise<Awaited<ReturnType<typeof readPage>>>[] = [];
      let nextStart = first + pageSize;
      const issue = () => {
        while (inFlight.length < concurrency && nextStart <= lastStart) {
          const pending = readPage(nextStart);
          pending.catch(() => undefined); // awaited in order below; an abandoned one must not be an unhandled rejection
          inFlight.push(pending);
          nextStart += pageSize;
        }
      };
      issue();
      yield toPage(head, false);
      while (inFlight.length > 0) {
        const page = await (inFlight.shift() as (typeof inFlight)[number]);
        // A short page (records deleted meanwhile) ends the entity early; the pages still in flight are dropped.
        const end = page.size < pageSize || page.start >= lastStart;
        if (!end) issue();
        yield toPage(page, end);
        if (end) return;
      }
    },

    async countRecords(auth, entityName, options) {
      return count(auth, QBO_ENTITIES[entityName], options.historicalFrom, options.signal);
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
