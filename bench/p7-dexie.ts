import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type Page, type Target } from 'puppeteer';
import { median, p95, round } from './lib/stats';
import { judged, type Benchmark } from './lib/types';

/**
 * P7: the seat's Dexie mirror at 100,000 customers, in Chromium's real IndexedDB (not fake-indexeddb). Headless
 * Chromium loads the bench build (.output/chrome-mv3-bench, `npx wxt build --mode bench`) and opens its unlisted
 * bench.html, which exposes `globalThis.ledgerlensBench` (lib/bench/bench-api.ts): the feed applier, the email lookup
 * behind the panel (findCustomers) and the accounting search (searchCustomers), each timed inside the page with
 * performance.now(), so the DevTools-protocol round trip is not in the figures.
 *
 * Data is generated inside the page (lib/model Customer and Invoice shapes), page by page, just before each
 * applyFeedPage call: 200 pages of 500 customers (the judged 100,000 records), then invoices for part of the
 * customers (so the summaries the search reads carry balances, due dates and sales), then the lookups and searches.
 */
const BENCH_DIR = path.resolve(import.meta.dirname, '../.output/chrome-mv3-bench');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CUSTOMERS = 100_000;
const PAGE_SIZE = 500;
const INVOICED_CUSTOMERS = 20_000;
const INVOICES_PER_CUSTOMER = 2;
const LOOKUPS = 60;
const SEARCH_ROUNDS = 3;
const WARMUP = 3;
/** Customers per write while filling the v3 database the upgrade figure starts from (not timed). */
const V3_SEED_PAGE = 5_000;
/** The search's "today"; the invoices' dates are generated relative to it. */
const TODAY = new Date().toISOString().slice(0, 10);

/**
 * Code run in the page, as a string: tsx (esbuild, keepNames) would otherwise wrap functions passed to
 * page.evaluate with a `__name` helper that does not exist in the page.
 */
const IN_PAGE_LIB = `
(() => {
  const GIVEN = ['Ada','Alan','Grace','Linus','Margaret','Ken','Barbara','Dennis','Frances','John','Mary','Edsger','Radia','Tim','Sophie','Niklaus','Donald','Hedy','Claude','Katherine'];
  const FAMILY = ['Lovelace','Turing','Hopper','Torvalds','Hamilton','Thompson','Liskov','Ritchie','Allen','McCarthy','Keller','Dijkstra','Perlman','Berners-Lee','Wilson','Wirth','Knuth','Lamarr','Shannon','Johnson'];
  const TRADE = ['Plumbing','Bakery','Consulting','Logistics','Dental','Roofing','Design','Catering','Legal','Motors'];
  const REALM = 'bench-realm';
  const CONN = 'bench-conn';
  const today = ${JSON.stringify(TODAY)};
  const DAY = 86400000;
  const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
  const todayMs = Date.parse(today + 'T00:00:00Z');
  const money = (cents) => (cents / 100).toFixed(2);
  const email = (i) => 'c' + i + '.' + FAMILY[i % 20].toLowerCase() + '@' + TRADE[(i >> 3) % 10].toLowerCase() + (i % 997) + '.example';
  function customer(i) {
    const given = GIVEN[i % 20];
    const family = FAMILY[Math.floor(i / 20) % 20];
    const company = i % 3 === 0 ? null : family + ' ' + TRADE[i % 10] + ' ' + (i % 1009);
    const balanceCents = (i * 7919) % 5000000;
    return {
      provider: 'qbo', companyId: REALM, connectionId: CONN, id: String(i),
      displayName: company ?? (given + ' ' + family + ' ' + i),
      companyName: company, givenName: given, familyName: family,
      emails: i % 10 === 0 ? [email(i), 'billing' + i + '@alt.example'] : [email(i)],
      phone: '+1 555 ' + String(1000000 + i).slice(-7),
      billingAddress: { line1: i + ' Main St', line2: null, city: 'Springfield', region: 'IL', postalCode: String(60000 + (i % 1000)), country: 'US' },
      shippingAddress: null,
      currency: i % 10 === 7 ? 'CAD' : 'USD',
      balance: money(balanceCents),
      overdue: i % 4 === 0 ? money(Math.floor(balanceCents / 3)) : '0',
      active: i % 50 !== 0,
      parentId: null,
      updatedAt: new Date(todayMs - (i % 365) * DAY).toISOString(),
      webUrl: 'https://app.qbo.intuit.com/app/customerdetail?nameId=' + i,
    };
  }
  function invoice(n, customerId) {
    const issueMs = todayMs - ((n * 37) % 400) * DAY;
    const totalCents = 5000 + ((n * 104729) % 2000000);
    const status = n % 3 === 0 ? 'paid' : 'open';
    const balanceCents = status === 'paid' ? 0 : n % 5 === 0 ? Math.floor(totalCents / 2) : totalCents;
    return {
      provider: 'qbo', companyId: REALM, connectionId: CONN, id: 'inv' + n, updatedAt: new Date(issueMs).toISOString(),
      customerId: String(customerId), number: 'INV-' + n, status,
      issueDate: isoDay(issueMs), dueDate: isoDay(issueMs + 30 * DAY), currency: customerId % 10 === 7 ? 'CAD' : 'USD',
      total: money(totalCents), balance: money(balanceCents),
      lines: [{ description: 'Services', itemId: '1', itemName: 'Services', quantity: '1', unitPrice: money(totalCents), amount: money(totalCents), taxCode: null }],
      webUrl: 'https://app.qbo.intuit.com/app/invoice?txnId=' + n,
    };
  }
  const key = (id) => 'qbo:' + REALM + ':' + id;
  globalThis.__p7 = {
    email,
    customerPage(p, size) {
      const items = [];
      for (let j = 0; j < size; j++) {
        const i = p * size + j + 1;
        items.push({ op: 'upsert', entity: 'customer', key: key(String(i)), data: customer(i) });
      }
      return items;
    },
    invoicePage(p, size, perCustomer) {
      const items = [];
      for (let j = 0; j < size; j++) {
        const n = p * size + j + 1;
        const customerId = Math.floor((n - 1) / perCustomer) * 5 + 1; // every 5th customer has invoices
        items.push({ op: 'upsert', entity: 'invoice', key: key('inv' + n), data: invoice(n, customerId) });
      }
      return items;
    },
  };
})();
`;

/** Applies `pages` generated pages in the page; returns the in-page applyFeedPage times and the loop's wall time. */
async function applyPages(page: Page, kind: 'customerPage' | 'invoicePage', pages: number, extra: number[] = []) {
  return page.evaluate(`(async () => {
    const api = globalThis.ledgerlensBench;
    const times = [];
    let items = 0;
    const start = performance.now();
    for (let p = 0; p < ${pages}; p++) {
      const pageItems = globalThis.__p7.${kind}(p, ${PAGE_SIZE}, ...${JSON.stringify(extra)});
      const r = await api.applyFeedPage({ items: pageItems, cursor: '${kind}-' + (p + 1), hasMore: p + 1 < ${pages} });
      times.push(r.ms);
      items += r.result;
    }
    return { times, items, wallMs: performance.now() - start };
  })()`) as Promise<{ times: number[]; items: number; wallMs: number }>;
}

interface Timed {
  ms: number;
  result: unknown;
}

async function call(page: Page, expression: string): Promise<Timed> {
  return page.evaluate(`(async () => { const r = await globalThis.ledgerlensBench.${expression}; return { ms: r.ms, result: r.result }; })()`) as Promise<Timed>;
}

/** The searches: text, balance ranges, overdue, last-invoice dates, sales period, currency; sorted and limited as the UI does. */
function searches(): { name: string; query: Record<string, unknown> }[] {
  const day = (offset: number) => new Date(Date.parse(`${TODAY}T00:00:00Z`) - offset * 86_400_000).toISOString().slice(0, 10);
  return [
    { name: 'text "turing" (name), sort name', query: { text: 'turing', sort: { field: 'name', dir: 'asc' }, limit: 50 } },
    { name: 'text "plumbing 7" (company)', query: { text: 'plumbing 7', limit: 50 } },
    { name: 'text email "c4242."', query: { text: 'c4242.', limit: 50 } },
    { name: 'text provider id "73519"', query: { text: '73519', limit: 50 } },
    { name: 'balance 1,000–2,000', query: { balanceMin: '1000', balanceMax: '2000', sort: { field: 'balance', dir: 'desc' }, limit: 50 } },
    { name: 'balance ≥ 10,000, sort balance desc', query: { balanceMin: '10000', sort: { field: 'balance', dir: 'desc' }, limit: 50 } },
    { name: 'overdue ≥ 60 days', query: { daysOverdueMin: 60, sort: { field: 'daysOverdue', dir: 'desc' }, limit: 50 } },
    { name: 'overdue amount ≥ 5,000', query: { overdueMin: '5000', sort: { field: 'overdue', dir: 'desc' }, limit: 50 } },
    { name: 'last invoice in the last 30 days', query: { lastInvoiceAfter: day(30), sort: { field: 'lastInvoiceDate', dir: 'desc' }, limit: 50 } },
    { name: 'sales this quarter ≥ 1,000', query: { salesPeriod: { from: day(90), to: TODAY, min: '1000' }, sort: { field: 'periodSales', dir: 'desc' }, limit: 50 } },
    { name: 'CAD, balance ≥ 500, text "lovelace"', query: { currency: 'CAD', balanceMin: '500', text: 'lovelace', limit: 50 } },
    { name: 'no filter, sort lifetime sales', query: { sort: { field: 'lifetimeSales', dir: 'desc' }, limit: 50 } },
  ];
}

async function launch(): Promise<{ browser: Browser; extensionId: string }> {
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    pipe: true,
    protocolTimeout: 600_000,
    enableExtensions: [BENCH_DIR],
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
  const worker = await browser.waitForTarget(
    (t: Target) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'),
    { timeout: 30_000 },
  );
  return { browser, extensionId: new URL(worker.url()).host };
}

const fmt = (values: number[]) => `${round(median(values), 2)} / ${round(p95(values), 2)}`;

const bench: Benchmark = {
  id: 'p7',
  title: 'Dexie at 100,000 customers (Chromium’s real IndexedDB)',
  target: 'email lookup ≤ 5 ms; accounting search ≤ 200 ms; applying 100,000 feed records ≤ 20 s',
  command: 'npx wxt build --mode bench && npx tsx bench/run.ts p7',
  async run() {
    if (!existsSync(path.join(BENCH_DIR, 'bench.html'))) throw new Error(`${BENCH_DIR}/bench.html missing: run \`npx wxt build --mode bench\` first`);
    const built = statSync(path.join(BENCH_DIR, 'bench.html')).mtime.toISOString();
    const { browser, extensionId } = await launch();
    try {
      const page = await browser.newPage();
      await page.goto(`chrome-extension://${extensionId}/bench.html`, { waitUntil: 'load' });
      await page.waitForFunction('typeof globalThis.ledgerlensBench === "object"', { timeout: 30_000 });
      await page.evaluate(IN_PAGE_LIB);
      await page.evaluate('globalThis.ledgerlensBench.reset()');

      // 1. 100,000 customers, 200 pages of 500 (judged).
      const customerPages = CUSTOMERS / PAGE_SIZE;
      const applied = await applyPages(page, 'customerPage', customerPages);
      const applyTotalMs = applied.times.reduce((a, b) => a + b, 0);
      const count = (await page.evaluate('globalThis.ledgerlensBench.customerCount()')) as number;

      // 2. Invoices for every 5th customer (context: the summaries the search reads).
      const invoicePages = (INVOICED_CUSTOMERS * INVOICES_PER_CUSTOMER) / PAGE_SIZE;
      const invoices = await applyPages(page, 'invoicePage', invoicePages, [INVOICES_PER_CUSTOMER]);
      const invoiceTotalMs = invoices.times.reduce((a, b) => a + b, 0);

      // 3. Email lookups: existing customers spread over the id range, every 6th a miss.
      const lookupEmails: string[][] = [];
      for (let k = 0; k < LOOKUPS + WARMUP; k += 1) {
        const i = 1 + ((k * 7_919 + 13) % CUSTOMERS);
        const address = (await page.evaluate(`globalThis.__p7.email(${i})`)) as string;
        lookupEmails.push(k % 6 === 5 ? [`nobody${k}@nowhere.example`] : [address.toUpperCase()]);
      }
      const lookupMs: number[] = [];
      let found = 0;
      let coldLookup = Number.NaN;
      for (const [k, emails] of lookupEmails.entries()) {
        const r = await call(page, `lookupByEmail(${JSON.stringify(emails)})`);
        if (k === 0) coldLookup = r.ms;
        if (k < WARMUP) continue;
        lookupMs.push(r.ms);
        if ((r.result as string[]).length > 0) found += 1;
      }
      const expectedFound = lookupEmails.slice(WARMUP).filter((_, k) => (k + WARMUP) % 6 !== 5).length;

      // 4. Searches: each query SEARCH_ROUNDS times, interleaved.
      const list = searches();
      const searchMs: number[] = [];
      const perQuery = new Map<string, { ms: number[]; total: number; plan: string }>();
      for (let round_ = 0; round_ < SEARCH_ROUNDS; round_ += 1) {
        for (const s of list) {
          const r = await call(page, `search(${JSON.stringify(s.query)}, ${JSON.stringify(TODAY)})`);
          const result = r.result as { total: number; plan: string };
          searchMs.push(r.ms);
          const entry = perQuery.get(s.name) ?? { ms: [], total: result.total, plan: result.plan };
          entry.ms.push(r.ms);
          perQuery.set(s.name, entry);
        }
      }
      await page.evaluate('globalThis.ledgerlensBench.reset()');

      // 5. An installed extension updating to schema v4 with 100,000 customers stored one row each (v3).
      await page.evaluate('globalThis.ledgerlensBench.deleteV3()');
      for (let p = 0; p < CUSTOMERS / V3_SEED_PAGE; p += 1) {
        await page.evaluate(`globalThis.ledgerlensBench.seedV3(globalThis.__p7.customerPage(${p}, ${V3_SEED_PAGE}).map((item) => item.data))`);
      }
      const upgrade = await call(page, 'upgradeV3()');
      const upgraded = upgrade.result as { version: number; customers: number };
      await page.evaluate('globalThis.ledgerlensBench.deleteV3()');

      const lookupMedian = median(lookupMs);
      const searchMedian = median(searchMs);
      const slowest = [...perQuery.entries()].sort((a, b) => median(b[1].ms) - median(a[1].ms));
      return judged(
        [
          { name: `applying ${CUSTOMERS.toLocaleString('en-US')} customer feed records (sum of ${customerPages} applyFeedPage calls)`, value: round(applyTotalMs / 1000, 2), unit: 's', target: '≤ 20 s', ok: applyTotalMs <= 20_000 },
          { name: `email lookup, median (p95 ${round(p95(lookupMs), 2)} ms), ${lookupMs.length} lookups`, value: round(lookupMedian, 2), unit: 'ms', target: '≤ 5 ms', ok: lookupMedian <= 5 },
          { name: `accounting search, median (p95 ${round(p95(searchMs), 2)} ms), ${searchMs.length} searches`, value: round(searchMedian, 2), unit: 'ms', target: '≤ 200 ms', ok: searchMedian <= 200 },
          { name: 'customer feed: wall time of the apply loop incl. generating the pages in the page', value: round(applied.wallMs / 1000, 2), unit: 's' },
          { name: 'customer feed: per page of 500, median / p95', value: fmt(applied.times), unit: 'ms' },
          { name: 'customer feed: records/s', value: Math.round(CUSTOMERS / (applyTotalMs / 1000)) },
          { name: 'customers in the mirror after the feed', value: count },
          { name: `invoices: ${(INVOICED_CUSTOMERS * INVOICES_PER_CUSTOMER).toLocaleString('en-US')} applied in ${invoicePages} pages (sum of applyFeedPage)`, value: round(invoiceTotalMs / 1000, 2), unit: 's' },
          { name: 'invoices: per page of 500, median / p95', value: fmt(invoices.times), unit: 'ms' },
          { name: 'email lookup, median / p95 / max', value: `${fmt(lookupMs)} / ${round(Math.max(...lookupMs), 2)}`, unit: 'ms' },
          { name: 'email lookup, first call after the feed (not in the sample)', value: round(coldLookup, 2), unit: 'ms' },
          { name: 'email lookups that found their customer / expected', value: `${found} / ${expectedFound}` },
          { name: `first search (builds the index: one toArray of the stored summaries and one of the chunks holding the ${count.toLocaleString('en-US')} customers), in the sample above`, value: round(searchMs[0]!, 2), unit: 'ms' },
          { name: 'search p95 / max', value: `${round(p95(searchMs), 2)} / ${round(Math.max(...searchMs), 2)}`, unit: 'ms' },
          { name: `schema v3 → v4 upgrade of ${CUSTOMERS.toLocaleString('en-US')} stored customers (once, when the extension updates): open, upgrade, count`, value: round(upgrade.ms / 1000, 2), unit: 's' },
          { name: 'after the upgrade: schema version, customers in the store', value: `${upgraded.version}, ${upgraded.customers.toLocaleString('en-US')}` },
          ...slowest.map(([name, e]) => ({ name: `search: ${name} (plan ${e.plan}, ${e.total.toLocaleString('en-US')} matches), median of ${e.ms.length}`, value: round(median(e.ms), 2), unit: 'ms' })),
        ],
        [
          `Chromium's real IndexedDB (headless ${CHROMIUM}), the extension's bench page chrome-extension://…/bench.html from ${BENCH_DIR} (bench.html built ${built}); database ledgerlens-bench, deleted before and after.`,
          'Every figure is timed inside the page with performance.now() around the extension\'s own function (lib/bench/bench-api.ts), so the DevTools-protocol round trip is excluded.',
          `Customers: ${customerPages} feed pages of ${PAGE_SIZE} upserts (lib/model Customer shape, QBO, 10 % CAD, every 10th with two emails, billing address), generated in the page just before each applyFeedPage; each page is one Dexie transaction that also rebuilds the touched summaries and stores the cursor, written in bulk (one bulkGet of the previous rows the page needs, one bulkPut/bulkDelete per table, the summaries rebuilt with one anyOf read of invoices and payments). Since schema v4 customers are stored 100 to a row (lib/db/customer-store.ts): a page of 500 is one key-cursor read of the chunks that hold its keys and ~5 chunk puts instead of 500 customer puts. A summary is stored only for a customer with invoices or payments (lib/db/stored-summaries.ts: the others' are derived from the customer row), so these pages write customers only.`,
          `Invoices: ${INVOICES_PER_CUSTOMER} per customer for every 5th customer (${INVOICED_CUSTOMERS.toLocaleString('en-US')} customers), issue dates over the last 400 days, two thirds open, due after 30 days, applied after the customers; they are not part of the judged 100,000.`,
          `Email lookups: ${LOOKUPS} after ${WARMUP} warm-up calls, customers spread over the id range, addresses upper-cased (matching normalizes), every 6th address unknown (a miss), which falls through to the email-domain rule: an index read of customerChunks.*domains (schema v3 indexed domains; before, a scan of every customer), each hit one chunk of 100 customers to deserialize.`,
          `Searches: ${list.length} queries × ${SEARCH_ROUNDS} rounds, interleaved, limit 50, today ${TODAY}; the judged figure is the median over all of them.`,
          'The search runs in memory (lib/search/search-index.ts): the first search after the page (or service worker) starts builds the index with one toArray() of the stored summaries and one of the customer chunks — that call is in the sample and also reported on its own as "first search" — and every later one filters and picks the top 50 in JS over it, exactly as before (decimal compares, sales in the period from the summaries\' sales). Committed writes to summaries and customers keep it current (a DBCore middleware, lib/db/summary-changes.ts; the customer store declares which customers a chunk write put or deleted), so the feed pages applied before the searches cost it nothing: it is built only once a search asks.',
          `Upgrade: a database written at schema v3 (one customers row per customer, the same ${CUSTOMERS.toLocaleString('en-US')} generated customers, filled ${V3_SEED_PAGE.toLocaleString('en-US')} per bulkPut, not timed) opened with the extension's schema, as Chrome does after an extension update; the figure is the whole open (Dexie's upgrade transaction: migrateV3toV4 reads the v3 rows in batches and writes chunks of 100) plus a count of the upgraded store. The panel's first lookup waits for it once. Where it goes (instrumented once, 2026-12-06, 17.3 s in all): reading the v3 rows 2.6 s, writing the 1,000 chunks 9.1 s (their multiEntry index entries: a loader that skipped every read before a write measured no faster, 17.9 s), and Dexie dropping the v3 table with its indexes plus the commit 5.5 s.`,
          'The machine is shared (2 cores, other sessions running); figures move with its load.',
        ],
      );
    } finally {
      await browser.close();
    }
  },
};
export default bench;
