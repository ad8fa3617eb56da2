import type { MirrorRecord } from '../provider-client';
import {
  TRANSACTION_ENTITIES,
  type ApiAuth,
  type ChangeSet,
  type EntitySync,
  type FetchedRecords,
  type RecordPage,
  type SkippedRecord,
  type SyncEntity,
} from '../provider-client';
import type { XeroProviderClient, XeroReadOptions } from './xero-provider-client';

/** The entities Xero's Accounting API gives us, in the engine's import order (no employees: Xero has no time tracking). */
export const XERO_SYNC_ENTITIES: readonly SyncEntity[] = ['item', 'vendor', 'invoice', 'estimate', 'payment', 'credit_note', 'customer'];

/** IDs per Contacts/Invoices request: ~40 characters each keeps the URL well under common limits. */
const IDS_PER_CALL = 50;

/**
 * DateTimeUTC is stamped when Xero answers, a little after it ran the query: the checkpoint steps back this far so a
 * change committed during the read is read again next time (the mirror's hashes make re-reads free of feed churn).
 */
const SERVER_TIME_MARGIN_MS = 5_000;

interface ReadPage {
  page: number;
  records: MirrorRecord[];
  deleted: string[];
  skipped: SkippedRecord[];
  serverTime: number | null;
}

function recordDate(record: MirrorRecord): string | null {
  if ('issueDate' in record && typeof record.issueDate === 'string') return record.issueDate;
  if ('date' in record && typeof record.date === 'string') return record.date;
  return null;
}

/**
 * Xero's side of the provider-neutral sync (proxy-server/sync): full import by page (the page number is the resume
 * position), incremental by If-Modified-Since per entity, targeted reads by IDs for webhooks, and deletions from the
 * mappers' deleted lists (DELETED/VOIDED documents, GDPR-erased contacts). Contact balances change without bumping
 * UpdatedDateUTC (api-facts.md §2): the engine re-reads, by IDs, the contacts of every changed invoice, payment and
 * credit note (sync/apply-changes.ts), which fetchByIds('customer') serves. Every call goes through the client's
 * per-organisation limiter (60/min, 5 concurrent, daily budget; 429 Retry-After honoured).
 */
export function createXeroSync(client: XeroProviderClient): EntitySync {
  async function* read(auth: ApiAuth, entity: SyncEntity, options: XeroReadOptions): AsyncGenerator<ReadPage> {
    if (entity === 'customer' || entity === 'vendor') {
      for await (const page of client.listContacts(auth, options)) {
        yield {
          page: page.page,
          records: entity === 'customer' ? page.customers : page.vendors,
          deleted: page.deleted,
          // A contact that cannot be read is reported once, with the customers.
          skipped: entity === 'customer' ? page.skipped : [],
          serverTime: page.serverTime,
        };
      }
      return;
    }
    const pages =
      entity === 'invoice'
        ? client.listInvoices(auth, options)
        : entity === 'estimate'
          ? client.listQuotes(auth, options)
          : entity === 'payment'
            ? client.listPayments(auth, options)
            : entity === 'credit_note'
              ? client.listCreditNotes(auth, options)
              : entity === 'item'
                ? client.listItems(auth, options)
                : null;
    if (!pages) return; // employees: none in Xero
    for await (const page of pages) {
      yield { page: page.page, records: page.records as MirrorRecord[], deleted: page.deleted, skipped: page.skipped, serverTime: page.serverTime };
    }
  }

  const inHistory = (entity: SyncEntity, historicalFrom: string | null) => (record: MirrorRecord) => {
    if (!historicalFrom || !TRANSACTION_ENTITIES.has(entity)) return true;
    const date = recordDate(record);
    return date === null || date >= historicalFrom;
  };

  return {
    entities: XERO_SYNC_ENTITIES,
    // If-Modified-Since has no documented look-back limit, unlike QBO's 30-day CDC.
    maxLookbackMs: Number.POSITIVE_INFINITY,

    async *listRecords(auth, entity, options): AsyncIterable<RecordPage> {
      // Xero's `page` is the resume position. One page is held back so the last one can say next = null.
      let held: RecordPage | null = null;
      const keep = inHistory(entity, options.historicalFrom);
      for await (const page of read(auth, entity, { startPage: options.startPosition, pageSize: options.pageSize, signal: options.signal })) {
        if (held) yield { ...held, next: page.page };
        // Transactions before historicalFrom are dropped here (Xero's where on dates is slow): unmarked, they leave the mirror.
        held = {
          entity,
          records: page.records.filter(keep),
          skipped: page.skipped,
          next: null,
          serverTime: page.serverTime === null ? null : page.serverTime - SERVER_TIME_MARGIN_MS,
        };
      }
      yield held ?? { entity, records: [], skipped: [], next: null };
    },

    countRecords: async () => null,

    async changes(auth, entities, window, options): Promise<ChangeSet> {
      const set: ChangeSet = { complete: true, records: [], deleted: [], skipped: [], serverTime: null };
      let earliest = Number.POSITIVE_INFINITY;
      const since = window.from - 1000; // whole seconds on the wire; a re-read is harmless, a miss is not
      const wanted = new Set(entities);
      // Customers and vendors are both contacts: one pass serves both.
      const passes: SyncEntity[] = entities.filter((e) => e !== 'vendor' || !wanted.has('customer'));
      for (const entity of passes) {
        if (entity === 'customer' || entity === 'vendor') {
          for await (const page of client.listContacts(auth, { modifiedSince: since, signal: options.signal })) {
            if (page.serverTime !== null) earliest = Math.min(earliest, page.serverTime);
            if (wanted.has('customer')) set.records.push(...page.customers.map((record) => ({ entity: 'customer' as const, record })));
            if (wanted.has('vendor')) set.records.push(...page.vendors.map((record) => ({ entity: 'vendor' as const, record })));
            for (const id of page.deleted) for (const e of ['customer', 'vendor'] as const) if (wanted.has(e)) set.deleted.push({ entity: e, id });
            set.skipped.push(...page.skipped);
          }
          continue;
        }
        for await (const page of read(auth, entity, { modifiedSince: since, signal: options.signal })) {
          if (page.serverTime !== null) earliest = Math.min(earliest, page.serverTime);
          set.records.push(...page.records.map((record) => ({ entity, record })));
          set.deleted.push(...page.deleted.map((id) => ({ entity, id })));
          set.skipped.push(...page.skipped);
        }
      }
      // Nothing answered with a clock (every entity 304): keep the checkpoint where it was, never the proxy's clock,
      // which may run ahead of Xero's and skip changes.
      set.serverTime = Number.isFinite(earliest) ? earliest - SERVER_TIME_MARGIN_MS : window.from;
      return set;
    },

    async fetchByIds(auth, entity, ids, options): Promise<FetchedRecords> {
      const out: FetchedRecords = { records: [], skipped: [], missing: [] };
      const unique = [...new Set(ids.map((id) => id.toLowerCase()))].filter((id) => /^[0-9a-f-]{1,64}$/.test(id));
      const collect = async (pages: AsyncIterable<ReadPage>, batch: readonly string[]) => {
        const found = new Set<string>();
        for await (const page of pages) {
          for (const record of page.records) {
            if (!batch.includes(record.id.toLowerCase())) continue;
            out.records.push(record);
            found.add(record.id.toLowerCase());
          }
          for (const skipped of page.skipped) {
            if (!skipped.providerId || !batch.includes(skipped.providerId.toLowerCase())) continue;
            out.skipped.push(skipped);
            found.add(skipped.providerId.toLowerCase());
          }
        }
        // Not returned (deleted, voided away, a bill rather than a sales invoice, a supplier-only contact): gone.
        out.missing.push(...batch.filter((id) => !found.has(id)));
      };
      if (entity === 'customer' || entity === 'vendor' || entity === 'invoice') {
        // Contacts and Invoices take IDs: one call per batch.
        for (let i = 0; i < unique.length; i += IDS_PER_CALL) {
          const batch = unique.slice(i, i + IDS_PER_CALL);
          await collect(read(auth, entity, { ids: batch, signal: options.signal }), batch);
        }
      } else if (unique.length > 0) {
        // Quotes, payments, credit notes and items have no IDs filter; webhooks never name them (CONTACT and INVOICE
        // only), so this full read is rare.
        await collect(read(auth, entity, { signal: options.signal }), unique);
      }
      return out;
    },

    async stillConnected(auth) {
      const tenants = await client.listTenants(auth);
      return tenants.some((t) => t.tenantId.toLowerCase() === auth.companyId.toLowerCase());
    },
  };
}

