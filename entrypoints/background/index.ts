import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { openLedgerDb } from '@/lib/db/schema';
import { createBackgroundService } from '@/lib/background/service';
import { registerHandlers } from '@/lib/background/register';

/** Fallback pull when nothing else woke the worker; Chrome clamps alarms to ≥ 30 s (api-facts.md §3). */
const FEED_ALARM = 'ledgerlens-feed';

export default defineBackground(() => {
  const service = createBackgroundService({ db: openLedgerDb() });

  // Listeners are registered synchronously so a message or alarm that wakes the worker is not lost.
  registerHandlers(service.handlers);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === FEED_ALARM) void service.start();
  });

  void browser.alarms.get(FEED_ALARM).then((existing) => {
    if (!existing) void browser.alarms.create(FEED_ALARM, { periodInMinutes: 1 });
  });
  void service.start();
});
