import { notMeasured, type Benchmark } from './lib/types';

/** TODO (issue 7): not measurable until entity sync + webhooks in the proxy (the webhook receiver and the push to the open panel). */
const bench: Benchmark = {
  id: 'p2',
  title: 'payment recorded in the sandbox web app → balance updated on an open CRM page (webhook path)',
  target: 'median ≤ 3 s',
  command: 'npx tsx bench/run.ts p2',
  run: async () => notMeasured('entity sync + webhooks in the proxy (the webhook receiver and the push to the open panel)'),
};
export default bench;
