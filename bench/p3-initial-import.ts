import { notMeasured, type Benchmark } from './lib/types';

/** TODO (issue 7): not measurable until entity sync (invoices, payments, estimates) in the proxy; the customer-only sync of today cannot import invoices. */
const bench: Benchmark = {
  id: 'p3',
  title: 'initial import of 10,000 customers + 100,000 invoices, QBO and Xero each',
  target: 'provider calls ≤ 1.1 × the minimum number of pages; wall time ≤ 1.2 × what the rate limits allow; no failed call',
  command: 'npx tsx bench/run.ts p3',
  run: async () => notMeasured('entity sync (invoices, payments, estimates) in the proxy; the customer-only sync of today cannot import invoices'),
};
export default bench;
