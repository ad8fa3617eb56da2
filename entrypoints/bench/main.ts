import { createBenchApi } from '@/lib/bench/bench-api';

// Unlisted page of the bench build only (wxt.config.ts skips it unless `--mode bench`): bench/p7-dexie.ts drives it
// with puppeteer's page.evaluate, in Chromium's real IndexedDB, in the extension's origin.
(globalThis as { ledgerlensBench?: unknown }).ledgerlensBench = createBenchApi();
