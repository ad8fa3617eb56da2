import { browser } from 'wxt/browser';

/** The panel remembers whether the user collapsed it (one choice for all records; extension storage, not the page's). */
export const PANEL_COLLAPSED_KEY = 'ledgerlens.panelCollapsed';

export interface CollapsedStore {
  get(): Promise<boolean>;
  set(collapsed: boolean): Promise<void>;
}

export const collapsedStore: CollapsedStore = {
  async get() {
    const stored: Record<string, unknown> = await browser.storage.local.get(PANEL_COLLAPSED_KEY);
    return stored[PANEL_COLLAPSED_KEY] === true;
  },
  set: (collapsed) => browser.storage.local.set({ [PANEL_COLLAPSED_KEY]: collapsed }),
};
