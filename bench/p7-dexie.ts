import { notMeasured, type Benchmark } from './lib/types';

/** TODO (issue 7): not measurable until the extension’s Dexie v2 schema (indexes for email lookup and accounting search), run in Chromium’s real IndexedDB. */
const bench: Benchmark = {
  id: 'p7',
  title: 'Dexie at 100,000 customers (Chromium’s real IndexedDB)',
  target: 'email lookup ≤ 5 ms; accounting search ≤ 200 ms; applying 100,000 feed records ≤ 20 s',
  command: 'npx tsx bench/run.ts p7',
  run: async () => notMeasured('the extension’s Dexie v2 schema (indexes for email lookup and accounting search), run in Chromium’s real IndexedDB'),
};
export default bench;
