import { describe, expect, it } from 'vitest';
import { AWKWARD_CUSTOMER_IDS, SHARED_EMAIL } from '../../../proxy-server/sandbox/seed/awkward-customers.js';
import { createPrng } from '../../../proxy-server/sandbox/seed/prng.js';
import { QBO_UK_REALM_ID, QBO_US_REALM_ID } from '../../../proxy-server/sandbox/seed/qbo-companies.js';
import { seedQboCompanies } from '../../../proxy-server/sandbox/seed/qbo-seed.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('createPrng', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = createPrng(7);
    const b = createPrng(7);
    const c = createPrng(8);
    const first = [a.next(), a.next(), a.next()];
    expect([b.next(), b.next(), b.next()]).toEqual(first);
    expect(c.next()).not.toBe(first[0]);
    expect(first.every((n) => n >= 0 && n < 1)).toBe(true);
  });
});

describe('seedQboCompanies', () => {
  const [us, uk] = seedQboCompanies({ seed: 42, now: NOW });
  if (us === undefined || uk === undefined) throw new Error('two companies expected');

  it('is deterministic for a seed and changes with the seed', () => {
    const again = seedQboCompanies({ seed: 42, now: NOW });
    expect(again[0]?.customers.map((c) => [c.displayName, c.balanceCents])).toEqual(us.customers.map((c) => [c.displayName, c.balanceCents]));
    const other = seedQboCompanies({ seed: 43, now: NOW });
    expect(other[0]?.customers.slice(20).map((c) => c.displayName)).not.toEqual(us.customers.slice(20).map((c) => c.displayName));
  });

  it('makes a US company in USD with some CAD and EUR customers and a UK company in GBP, ≥ 60 customers each', () => {
    expect(us.profile).toMatchObject({ realmId: QBO_US_REALM_ID, homeCurrency: 'USD', country: 'US' });
    expect(uk.profile).toMatchObject({ realmId: QBO_UK_REALM_ID, homeCurrency: 'GBP', country: 'GB' });
    expect(us.customers.length).toBeGreaterThanOrEqual(60);
    expect(uk.customers.length).toBeGreaterThanOrEqual(60);
    const usCurrencies = new Set(us.customers.map((c) => c.currency));
    expect([...usCurrencies].sort()).toEqual(['CAD', 'EUR', 'USD']);
    expect(new Set(uk.customers.map((c) => c.currency))).toEqual(new Set(['GBP']));
    const withBalance = us.customers.filter((c) => c.balanceCents > 0).length;
    expect(withBalance / us.customers.length).toBeGreaterThan(0.5);
    expect(us.customers.some((c) => c.balanceCents % 100 !== 0)).toBe(true);
  });

  it('has unique display names (QBO error 6240 otherwise)', () => {
    const names = us.customers.map((c) => c.displayName.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });

  it('has the awkward customers at fixed ids in every company', () => {
    for (const company of [us, uk]) {
      const byId = (id: string) => company.customer(id);
      expect(byId(AWKWARD_CUSTOMER_IDS.noEmail)?.email).toBeUndefined();
      expect(byId(AWKWARD_CUSTOMER_IDS.sharedEmailFirst)?.email).toBe(SHARED_EMAIL);
      expect(byId(AWKWARD_CUSTOMER_IDS.sharedEmailSecond)?.email).toBe(SHARED_EMAIL);
      expect(byId(AWKWARD_CUSTOMER_IDS.noCompanyName)?.companyName).toBeUndefined();
      expect(byId(AWKWARD_CUSTOMER_IDS.givenNameOnly)).toMatchObject({ givenName: 'Cher' });
      expect(byId(AWKWARD_CUSTOMER_IDS.givenNameOnly)?.familyName).toBeUndefined();
      expect(byId(AWKWARD_CUSTOMER_IDS.unicodeLatin)?.displayName).toBe('Zoë Ångström');
      expect(byId(AWKWARD_CUSTOMER_IDS.unicodeJapanese)?.displayName).toBe('株式会社テスト');
      expect(byId(AWKWARD_CUSTOMER_IDS.unicodePolish)?.displayName).toBe('Łukasz Żółć');
      expect(byId(AWKWARD_CUSTOMER_IDS.htmlImage)?.displayName).toBe('<img src=x onerror=alert(1)>');
      expect(byId(AWKWARD_CUSTOMER_IDS.htmlScript)?.displayName).toContain('<script>');
      expect(byId(AWKWARD_CUSTOMER_IDS.inactive)?.active).toBe(false);
      expect(byId(AWKWARD_CUSTOMER_IDS.subCustomer)?.parentId).toBe(AWKWARD_CUSTOMER_IDS.parent);
      expect(byId(AWKWARD_CUSTOMER_IDS.twoEmails)?.email?.split(',').length).toBe(2);
    }
  });

  it("makes every customer's balance the exact sum of its open invoices less unapplied credit", () => {
    for (const company of [us, uk]) {
      expect(company.creditMemos.size).toBeGreaterThan(0);
      for (const customer of company.customers) {
        const open = company.invoicesOf(customer.id).reduce((sum, invoice) => sum + invoice.balanceCents, 0);
        expect(open - company.unappliedCreditCents(customer.id)).toBe(customer.balanceCents);
        expect(customer.balanceCents).toBeGreaterThanOrEqual(0);
      }
      for (const invoice of company.invoices) {
        expect(invoice.lines.reduce((sum, line) => sum + line.amountCents, 0)).toBe(invoice.totalCents);
        expect(invoice.balanceCents).toBeLessThanOrEqual(invoice.totalCents);
        expect(invoice.currency).toBe(company.customer(invoice.customerId)?.currency);
      }
    }
  });

  // Scale itself (100,000 customers, 1,000,000 invoices) belongs to bench/sandbox-scale.ts; this keeps npm test lean
  // and still catches a quadratic step: 5x the records must not cost anywhere near 25x the time.
  it('seeds 10,000 customers per company correctly and in linear time', () => {
    const time = (customers: number) => {
      const started = performance.now();
      const [company] = seedQboCompanies({ seed: 1, customers, invoices: customers * 4, now: NOW });
      return { ms: performance.now() - started, company };
    };
    time(2_000); // warm-up
    const small = time(2_000);
    const large = time(10_000);
    expect(large.company?.customers.length).toBe(10_000);
    expect(large.company?.customer('9999')).toBeDefined();
    expect(large.ms).toBeLessThan(Math.max(small.ms, 5) * 15);
  }, 60_000);
});
