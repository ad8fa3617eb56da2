import { browser, type Browser } from 'wxt/browser';
import type { RecordContext } from '../model';
import type { SidePanelIntent } from '../messaging';

/**
 * What each tab's panel resolved, and the customer the side panel should focus. Kept in storage.session: it must
 * survive the service worker being stopped (globals do not, api-facts.md §3) but not the browser session.
 */
export const TABS_KEY = 'ledgerlens.tabs';
export const FOCUS_KEY = 'ledgerlens.focus';

export interface TabRecord {
  context: RecordContext;
  customerKeys: string[];
  at: number;
}

/** The last openSidePanel request (FOCUS_KEY): which customer, what to offer, from which tab; `nonce` orders them. */
export interface SidePanelRequest {
  customerKey: string | null;
  intent: SidePanelIntent;
  tabId: number | null;
  nonce: number;
}

/** Keep the map small: only the most recent tabs matter to a side panel. */
const MAX_TABS = 50;

export function createTabState(area: Browser.storage.StorageArea | undefined = browser.storage.session) {
  const memory = new Map<string, unknown>();
  // Firefox before 115 has no storage.session: fall back to memory (lost when the background unloads).
  const store = area ?? {
    get: async (key: string) => ({ [key]: memory.get(key) }),
    set: async (items: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(items)) memory.set(k, v);
    },
  };
  async function tabs(): Promise<Record<string, TabRecord>> {
    const stored = (await store.get(TABS_KEY)) as Record<string, Record<string, TabRecord> | undefined>;
    return stored[TABS_KEY] ?? {};
  }
  async function getRequest(): Promise<SidePanelRequest | null> {
    const stored = ((await store.get(FOCUS_KEY)) as Record<string, unknown>)[FOCUS_KEY];
    // Before the intent existed the key held the bare customer key.
    if (typeof stored === 'string') return { customerKey: stored, intent: 'view', tabId: null, nonce: 0 };
    return stored && typeof stored === 'object' ? (stored as SidePanelRequest) : null;
  }
  return {
    async record(tabId: number, context: RecordContext, customerKeys: string[]): Promise<void> {
      const all = await tabs();
      all[String(tabId)] = { context, customerKeys, at: Date.now() };
      const recent = Object.entries(all)
        .sort(([, a], [, b]) => b.at - a.at)
        .slice(0, MAX_TABS);
      await store.set({ [TABS_KEY]: Object.fromEntries(recent) });
    },
    async get(tabId: number): Promise<TabRecord | null> {
      return (await tabs())[String(tabId)] ?? null;
    },
    async setFocus(customerKey: string | null, intent: SidePanelIntent = 'view', tabId: number | null = null): Promise<SidePanelRequest> {
      const request: SidePanelRequest = { customerKey, intent, tabId, nonce: Date.now() };
      await store.set({ [FOCUS_KEY]: request });
      return request;
    },
    getRequest,
    async getFocus(): Promise<string | null> {
      return (await getRequest())?.customerKey ?? null;
    },
  };
}
export type TabState = ReturnType<typeof createTabState>;
