import { z } from 'zod';
import { CustomerSchema, recordKey } from '../model';
import type { LedgerDb } from '../db/schema';
import { customerRow } from '../db/schema';
import { errorInfo, ProxyError, type ProxyClient } from '../proxy-client';
import { recomputeSummary } from '../sync/summary';
import { customersOf } from '../db/customer-store';
import type { Preferences } from '../settings';
import type { Handlers, SyncLog } from './handler-types';

type ActionHandlers = Pick<
  Handlers,
  | 'issuePairingCode'
  | 'getSyncLog'
  | 'getConnectionSettings'
  | 'saveConnectionSettings'
  | 'createCustomer'
  | 'linkCustomer'
  | 'logTime'
  | 'createSalesDocument'
  | 'setWatched'
>;

const CandidatesSchema = z.object({ candidates: z.array(CustomerSchema) });

/**
 * Writes through the proxy. Results the proxy will also send through the feed (a created customer, a link) are
 * applied locally at once too, so the side panel shows them without waiting for the next pull; the feed's copy
 * later overwrites them with the same key.
 */
export function createActionHandlers(deps: {
  db: LedgerDb;
  prefs: Preferences;
  requireClient: () => Promise<ProxyClient>;
  /** After a write: pull the feed soon. */
  afterWrite: () => void;
}): ActionHandlers {
  const { db } = deps;

  async function action<T extends object>(run: () => Promise<T>) {
    try {
      return { ok: true as const, ...(await run()) };
    } catch (error) {
      const info = errorInfo(error);
      if (error instanceof ProxyError && error.code === 'customer_exists') {
        const parsed = CandidatesSchema.safeParse(error.details);
        if (parsed.success) return { ok: false as const, error: { ...info, candidates: parsed.data.candidates } };
      }
      return { ok: false as const, error: info };
    }
  }

  async function cacheCustomer(customer: z.infer<typeof CustomerSchema>): Promise<void> {
    await db.transaction('rw', db.customerChunks, db.summaries, db.invoices, db.payments, async () => {
      await customersOf(db).put(customerRow(customer));
      await recomputeSummary(db, recordKey(customer));
    });
  }

  return {
    issuePairingCode: () => action(async () => (await deps.requireClient()).issuePairingCode()),

    async getSyncLog({ connectionId, reason, refresh }): Promise<SyncLog> {
      let error = null;
      let fromCache = true;
      if (refresh) {
        try {
          const proxy = await deps.requireClient();
          const [{ runs }, { records }] = await Promise.all([
            proxy.syncRuns({ ...(connectionId ? { connectionId } : {}), limit: 200 }),
            proxy.skippedRecords({ ...(connectionId ? { connectionId } : {}), limit: 1000 }),
          ]);
          await db.transaction('rw', db.syncRuns, db.skippedRecords, async () => {
            if (connectionId) {
              await db.syncRuns.where('connectionId').equals(connectionId).delete();
              await db.skippedRecords.where('connectionId').equals(connectionId).delete();
            } else {
              await db.syncRuns.clear();
              await db.skippedRecords.clear();
            }
            await db.syncRuns.bulkPut(runs);
            await db.skippedRecords.bulkPut(records);
          });
          fromCache = false;
        } catch (e) {
          error = errorInfo(e);
        }
      }
      let runs = connectionId ? await db.syncRuns.where('connectionId').equals(connectionId).toArray() : await db.syncRuns.toArray();
      let skipped = connectionId
        ? await db.skippedRecords.where('connectionId').equals(connectionId).toArray()
        : await db.skippedRecords.toArray();
      runs = runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
      if (reason) skipped = skipped.filter((r) => r.reason === reason);
      skipped.sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
      return { runs, skipped, fromCache, error };
    },

    getConnectionSettings: ({ connectionId }) =>
      action(async () => (await deps.requireClient()).connectionSettings(connectionId)),
    saveConnectionSettings: ({ connectionId, settings }) =>
      action(async () => (await deps.requireClient()).saveConnectionSettings(connectionId, settings)),

    createCustomer: ({ connectionId, customer, force, idempotencyKey, recordKey: crmRecordKey }) =>
      action(async () => {
        const proxy = await deps.requireClient();
        const created = await proxy.createCustomer({ connectionId, customer, force }, idempotencyKey);
        await cacheCustomer(created.customer);
        if (crmRecordKey) {
          const { link } = await proxy.putLink({ recordKey: crmRecordKey, customerKey: recordKey(created.customer) });
          await db.links.put({ recordKey: link.recordKey, customerKey: link.customerKey, connectionId: link.connectionId, data: link });
        }
        deps.afterWrite();
        return { customer: created.customer };
      }),

    linkCustomer: ({ recordKey: crmRecordKey, customerKey }) =>
      action(async () => {
        const { link } = await (await deps.requireClient()).putLink({ recordKey: crmRecordKey, customerKey });
        await db.links.put({ recordKey: link.recordKey, customerKey: link.customerKey, connectionId: link.connectionId, data: link });
        deps.afterWrite();
        return { link };
      }),

    logTime: ({ request, idempotencyKey }) =>
      action(async () => {
        const result = await (await deps.requireClient()).createTimeActivity(request, idempotencyKey);
        deps.afterWrite();
        return result;
      }),

    createSalesDocument: ({ request, idempotencyKey }) =>
      action(async () => {
        const result = await (await deps.requireClient()).createSalesDocument(request, idempotencyKey);
        deps.afterWrite();
        return { document: 'invoice' in result ? result.invoice : result.estimate };
      }),

    setWatched: ({ customerKey, watched }) =>
      action(async () => {
        const current = await deps.prefs.notifications.get();
        const set = new Set(current.watched);
        if (watched) set.add(customerKey);
        else set.delete(customerKey);
        await deps.prefs.notifications.set({ ...current, watched: [...set] });
        return {};
      }),
  };
}
