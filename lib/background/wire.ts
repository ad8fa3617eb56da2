import { browser } from 'wxt/browser';
import type { LedgerDb } from '../db/schema';
import { createSettings, preferences, SITES_KEY } from '../settings';
import { createBackgroundService } from './service';
import { registerHandlers } from './register';
import { createEventStream } from './event-stream';
import { syncCustomSiteScripts } from './site-scripts';
import { createPanelSessions, registerPanelSessions } from './panel-sessions';
import { notify, openSidePanel, activeTabId, enableSidePanelOnAction } from './browser-apis';

/** Fallback pull when nothing else woke the worker; Chrome clamps alarms to ≥ 30 s (api-facts.md §3). */
export const FEED_ALARM = 'ledgerlens-feed';

/**
 * Everything the background entrypoint starts. Listeners are registered synchronously (before any await) so a
 * message, alarm or command that woke the worker is not lost.
 */
export function startBackground(db: LedgerDb): void {
  const settings = createSettings();
  const prefs = preferences();
  const service = createBackgroundService({ db, settings, prefs, notify, openSidePanel, activeTabId });
  registerHandlers(service.handlers, undefined, service);
  // The CRM panel's record and first answer, by one-time token (lib/panel/session-protocol.ts).
  const panelSessions = createPanelSessions({
    lookup: (context) => Promise.resolve(service.handlers.lookupRecord({ context })),
    status: () => Promise.resolve(service.handlers.getStatus()),
    noteLookup: (tabId, context, result) => service.noteLookup(tabId, context, result),
  });
  registerPanelSessions(panelSessions, browser.runtime.getURL('/panel.html'));

  // The proxy's events wake a pull at once; the stream reconnects with backoff and the alarm covers sleep.
  const events = createEventStream({
    url: async () => {
      const pairing = await settings.getPairing();
      return pairing ? { url: new URL('/v1/events', pairing.proxyUrl).href, token: pairing.token } : null;
    },
    onEvent: (event) => {
      if (event.event === 'feed' || event.event === 'connections') void service.syncCycle();
    },
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name !== FEED_ALARM) return;
    void service.start();
    if (!events.running) events.start();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if ('ledgerlens.pairing' in changes) events.restart();
    if (SITES_KEY in changes) void prefs.sites.get().then((sites) => syncCustomSiteScripts(sites)).catch(() => undefined);
  });
  browser.permissions.onAdded?.addListener(() => void prefs.sites.get().then((s) => syncCustomSiteScripts(s)).catch(() => undefined));
  browser.permissions.onRemoved?.addListener(() => void prefs.sites.get().then((s) => syncCustomSiteScripts(s)).catch(() => undefined));
  browser.commands?.onCommand.addListener((command) => {
    if (command === 'open-side-panel') void openSidePanel(null);
  });

  void browser.alarms.get(FEED_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(FEED_ALARM, { periodInMinutes: 1 });
  });
  enableSidePanelOnAction();
  void prefs.sites.get().then((sites) => syncCustomSiteScripts(sites)).catch(() => undefined);
  events.start();
  void service.start();
}
