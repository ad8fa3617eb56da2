import { browser } from 'wxt/browser';
import type { Notice } from '../notifications/notifier';

/**
 * The few browser APIs that differ between Chrome (sidePanel, MV3) and Firefox (sidebarAction, MV2), behind plain
 * functions so the service stays testable with fakes.
 */

interface ChromeSidePanel {
  open(options: { tabId?: number; windowId?: number }): Promise<void>;
  setPanelBehavior(behavior: { openPanelOnActionClick: boolean }): Promise<void>;
}
interface FirefoxSidebar {
  open(): Promise<void>;
}

const sidePanel = () => (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
const sidebarAction = () => (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;

/**
 * The toolbar button keeps opening the popup (pairing and status live there); the side panel opens from the panel's
 * button, the keyboard command and the popup's "Open side panel".
 */
export function enableSidePanelOnAction(): void {
  void sidePanel()?.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => undefined);
}

/** Must be called while handling a user gesture (a click's message or a command). */
export async function openSidePanel(tabId: number | null): Promise<void> {
  const chromePanel = sidePanel();
  if (chromePanel) {
    if (tabId !== null) await chromePanel.open({ tabId });
    else {
      const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
      if (tab?.windowId !== undefined) await chromePanel.open({ windowId: tab.windowId });
    }
    return;
  }
  await sidebarAction()?.open();
}

export async function activeTabId(): Promise<number | null> {
  const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id ?? null;
}

/** Chrome requires an icon for basic notifications; the extension ships none yet, so a 1×1 green pixel. */
const ICON =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mMsWPC/HgAFqAJgnNl3kgAAAABJRU5ErkJggg==';

/** The 'notifications' permission is optional (requested by the options page when the user turns them on). */
export async function notify(notice: Notice): Promise<void> {
  if (!browser.notifications || !(await browser.permissions.contains({ permissions: ['notifications'] }))) return;
  await browser.notifications.create(notice.id, {
    type: 'basic',
    iconUrl: ICON,
    title: notice.title,
    message: notice.message,
  });
}
