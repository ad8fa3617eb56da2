import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { contentScriptMatches } from '@/lib/crm/matches';
import { crmAdapters } from '@/lib/crm/registry';
import { loadAdaptersFor } from '@/lib/content/custom-sites';
import { createPanelHost } from '@/lib/content/panel-host';
import { createRecordWatcher } from '@/lib/content/record-watcher';

/**
 * Runs on every page of every supported CRM, so it stays tiny: no React, no zod, no accounting data. It finds the
 * record, mounts the extension-origin panel iframe next to it and hands it the record; the panel asks the
 * background. The user's sites (options page, `ledgerlens.sites`) decide which adapters run: a built-in CRM switched
 * off runs none; on a page no built-in CRM covers (the background injected us on a custom site) the custom ones.
 */
export default defineContentScript({
  // Derived from the adapters: a new CRM needs no manifest edit.
  matches: contentScriptMatches(),
  runAt: 'document_idle',
  // WXT announces a new script instance with a DOM event AND, for old WXT versions, a window.postMessage that
  // every message listener of the CRM's page then runs for (and that costs a structured clone on every load, bench
  // P5). Only this build's instances listen, and they listen for the event.
  noScriptStartedPostMessage: true,
  async main(ctx) {
    const adapters = await loadAdaptersFor(new URL(location.href), crmAdapters).catch(() => []);
    if (adapters.length === 0 || ctx.isInvalid) return;
    const panel = createPanelHost({ ctx, panelUrl: browser.runtime.getURL('/panel.html') });
    const watcher = createRecordWatcher({
      ctx,
      adapters,
      onRecord: (record, anchor) => panel.show(record, anchor),
      onUpdate: (record, anchor, changed) => {
        if (changed) panel.update(record);
        panel.ensureAttached(anchor);
      },
      onLeave: () => panel.hide(),
      onWaiting: () => panel.prewarm(),
    });
    watcher.check(new URL(location.href), { initial: true });
    ctx.addEventListener(window, 'wxt:locationchange', (event) => watcher.check(event.newUrl));
  },
});
