import type { BackgroundApi } from '../../../../lib/messaging';

/** A BackgroundApi whose every message answers something harmless; tests override what they exercise. */
export function fakeBackgroundApi(overrides: Partial<BackgroundApi> = {}): BackgroundApi {
  const ok = async () => ({ ok: true as const });
  const notPaired = { ok: false as const, error: { code: 'not_paired', message: 'not paired' } };
  return {
    getStatus: async () => ({ paired: false, proxyUrl: null, seat: null, connections: [], lastError: null, pendingAuthorize: null }),
    pair: async () => notPaired,
    unpair: ok,
    connect: async () => notPaired,
    disconnect: ok,
    syncNow: ok,
    lookupRecord: async () => ({ state: 'no-match' }),
    issuePairingCode: async () => notPaired,
    resetLocalData: ok,
    getTabCustomer: async () => ({ tabId: null, context: null, customerKeys: [], focusKey: null, request: null }),
    openSidePanel: ok,
    searchCustomers: async () => ({ hits: [], total: 0, plan: 'scan' }),
    getCustomerDetail: async () => null,
    listPickables: async () => ({ items: [], employees: [], vendors: [] }),
    getSyncLog: async () => ({ runs: [], skipped: [], fromCache: true, error: null }),
    getSalesLog: async () => ({ entries: [] }),
    getConnectionSettings: async () => notPaired,
    saveConnectionSettings: async () => notPaired,
    createCustomer: async () => notPaired,
    linkCustomer: async () => notPaired,
    logTime: async () => notPaired,
    createSalesDocument: async () => notPaired,
    setWatched: ok,
    ...overrides,
  };
}
