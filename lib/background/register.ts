import type { RecordContext } from '../model';
import { onMessage as defaultOnMessage, type Handlers, type LookupResult } from '../messaging';

/** Hooks that need the message's sender (its tab), which the data-only Handlers do not see. */
export interface SenderHooks {
  /** Remembers what the panel on a tab resolved, for the side panel. */
  noteLookup?: (tabId: number | undefined, context: RecordContext, result: LookupResult) => unknown;
  /** Opens the side panel on the sender's tab; called synchronously in the listener so the click's gesture holds. */
  openSidePanelOn?: (tabId: number | null) => unknown;
}

/** Binds every handler of the ProtocolMap; a missing one is a type error, not a silent "No response". */
export function registerHandlers(handlers: Handlers, on = defaultOnMessage, hooks: SenderHooks = {}): () => void {
  const removers = [
    on('getStatus', () => handlers.getStatus()),
    on('pair', ({ data }) => handlers.pair(data)),
    on('unpair', () => handlers.unpair()),
    on('connect', ({ data }) => handlers.connect(data)),
    on('disconnect', ({ data }) => handlers.disconnect(data)),
    on('syncNow', () => handlers.syncNow()),
    on('lookupRecord', async ({ data, sender }) => {
      const result = await handlers.lookupRecord(data);
      await Promise.resolve(hooks.noteLookup?.(sender.tab?.id, data.context, result)).catch(() => undefined);
      return result;
    }),

    // Issue 6: popup, options, side panel and actions.
    on('issuePairingCode', () => handlers.issuePairingCode()),
    on('resetLocalData', () => handlers.resetLocalData()),
    on('getTabCustomer', ({ data }) => handlers.getTabCustomer(data)),
    on('openSidePanel', ({ data, sender }) => {
      void Promise.resolve(hooks.openSidePanelOn?.(sender.tab?.id ?? null)).catch(() => undefined);
      return handlers.openSidePanel(data);
    }),
    on('searchCustomers', ({ data }) => handlers.searchCustomers(data)),
    on('getCustomerDetail', ({ data }) => handlers.getCustomerDetail(data)),
    on('listPickables', ({ data }) => handlers.listPickables(data)),
    on('getSyncLog', ({ data }) => handlers.getSyncLog(data)),
    on('getSalesLog', ({ data }) => handlers.getSalesLog(data)),
    on('getConnectionSettings', ({ data }) => handlers.getConnectionSettings(data)),
    on('saveConnectionSettings', ({ data }) => handlers.saveConnectionSettings(data)),
    on('createCustomer', ({ data }) => handlers.createCustomer(data)),
    on('linkCustomer', ({ data }) => handlers.linkCustomer(data)),
    on('logTime', ({ data }) => handlers.logTime(data)),
    on('createSalesDocument', ({ data }) => handlers.createSalesDocument(data)),
    on('setWatched', ({ data }) => handlers.setWatched(data)),
  ];
  return () => removers.forEach((remove) => remove());
}
