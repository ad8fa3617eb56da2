import { describe, expect, it } from 'vitest';
import { seedXeroTenants } from '../../../proxy-server/sandbox/xero/seed';
import { amountDueCents, contactBalances } from '../../../proxy-server/sandbox/xero/store/tenant-store';

const NOW = Date.UTC(2025, 5, 1, 12);

describe('Xero seed', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = seedXeroTenants({ seed: 7 }, NOW);
    const b = seedXeroTenants({ seed: 7 }, NOW);
    const c = seedXeroTenants({ seed: 8 }, NOW);
    expect(a.map((t) => t.contacts.map((x) => [x.contactId, x.name]))).toEqual(b.map((t) => t.contacts.map((x) => [x.contactId, x.name])));
    expect(a[0]?.organisation.tenantId).not.toBe(c[0]?.organisation.tenantId);
  });

  it('has an NZD and a GBP organisation with >= 60 contacts, foreign-currency contacts and the awkward cases', () => {
    const tenants = seedXeroTenants({ seed: 1 }, NOW);
    expect(tenants.map((t) => t.organisation.baseCurrency)).toEqual(['NZD', 'GBP']);
    for (const tenant of tenants) {
      expect(tenant.contacts.length).toBeGreaterThanOrEqual(60);
      expect(tenant.organisation.shortCode).toMatch(/^!/);
      const contacts = tenant.contacts;
      expect(contacts.some((c) => c.email === undefined)).toBe(true);
      const emails = contacts.map((c) => c.email).filter(Boolean);
      expect(new Set(emails).size).toBeLessThan(emails.length);
      expect(contacts.some((c) => c.firstName !== undefined && c.lastName === undefined)).toBe(true);
      expect(contacts.some((c) => /[^ -~]/.test(c.name))).toBe(true);
      expect(contacts.some((c) => c.name.includes('<script>'))).toBe(true);
      expect(contacts.some((c) => c.name.length >= 200)).toBe(true);
      expect(contacts.some((c) => c.status === 'ARCHIVED')).toBe(true);
      expect(contacts.some((c) => c.isSupplier && !c.isCustomer)).toBe(true);
      expect(contacts.some((c) => c.defaultCurrency !== undefined && c.defaultCurrency !== tenant.organisation.baseCurrency)).toBe(true);
      const activeNames = contacts.filter((c) => c.status === 'ACTIVE').map((c) => c.name.toLowerCase());
      expect(new Set(activeNames).size).toBe(activeNames.length);
    }
  });

  it('every customer has open invoices whose AmountDue sums to its outstanding balance, in integer cents', () => {
    for (const tenant of seedXeroTenants({ seed: 3 }, NOW)) {
      for (const contact of tenant.contacts.filter((c) => c.isCustomer && c.status === 'ACTIVE')) {
        const open = tenant.invoices.forContact(contact.contactId).filter((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED');
        expect(open.length).toBeGreaterThan(0);
        const sum = open.reduce((total, invoice) => total + amountDueCents(invoice), 0);
        expect(contactBalances(tenant, contact.contactId, NOW).receivableOutstandingCents).toBe(sum);
        expect(Number.isInteger(sum)).toBe(true);
        for (const invoice of open) expect(invoice.currencyCode).toBe(contact.defaultCurrency ?? tenant.organisation.baseCurrency);
      }
    }
  });

  it('builds every seeded invoice from its columns consistently: totals = lines, payments, numbers, ids', () => {
    const [tenant] = seedXeroTenants({ seed: 5 }, NOW);
    if (!tenant) throw new Error('no tenant');
    expect(tenant.invoices.size).toBeGreaterThan(100);
    let paid = 0;
    for (const invoice of tenant.invoices) {
      const lines = invoice.lines;
      expect(lines.reduce((sum, line) => sum + line.lineCents, 0)).toBe(invoice.subTotalCents);
      expect(lines.reduce((sum, line) => sum + line.taxCents, 0)).toBe(invoice.taxCents);
      expect(invoice.lines).toEqual(lines); // regenerated identically on every read
      expect(tenant.invoices.byId(invoice.invoiceId)?.invoiceNumber).toBe(invoice.invoiceNumber);
      expect(tenant.invoices.byNumber(invoice.invoiceNumber)?.invoiceId).toBe(invoice.invoiceId);
      for (const paymentId of invoice.paymentIds) {
        paid += 1;
        const payment = tenant.payments.byId(paymentId);
        expect(payment?.invoiceId).toBe(invoice.invoiceId);
        expect(payment?.amountCents).toBe(invoice.paidCents);
      }
      expect(Object.isFrozen(invoice)).toBe(true);
    }
    expect(tenant.payments.size).toBe(paid);
  });

  it('keeps an edited seeded invoice as a record: later reads, indexes and balances see the change', () => {
    const [tenant] = seedXeroTenants({ seed: 5 }, NOW);
    if (!tenant) throw new Error('no tenant');
    const before = tenant.invoices.at(0);
    const other = tenant.contacts.find((contact) => contact.contactId !== before.contactId && contact.status === 'ACTIVE');
    if (!other) throw new Error('no other contact');
    const revision = tenant.invoices.revision;
    const outstanding = contactBalances(tenant, other.contactId, NOW).receivableOutstandingCents;
    tenant.invoices.edit(before, (stored) => {
      stored.contactId = other.contactId;
      stored.invoiceNumber = 'RENAMED-1';
    });
    expect(tenant.invoices.revision).toBeGreaterThan(revision);
    expect(tenant.invoices.at(0).invoiceNumber).toBe('RENAMED-1');
    expect(tenant.invoices.byNumber('RENAMED-1')?.invoiceId).toBe(before.invoiceId);
    expect(tenant.invoices.byNumber(before.invoiceNumber)).toBeUndefined();
    expect(tenant.invoices.forContact(before.contactId).map((i) => i.invoiceId)).not.toContain(before.invoiceId);
    expect(tenant.invoices.forContact(other.contactId).map((i) => i.invoiceId)).toContain(before.invoiceId);
    expect(contactBalances(tenant, other.contactId, NOW).receivableOutstandingCents).toBe(outstanding + amountDueCents(before));
  });

  it('seeds 2,000 contacts and 10,000 invoices quickly and in linear time (scale itself is bench/sandbox-scale.ts)', () => {
    const time = (contacts: number, invoices: number) => {
      const started = performance.now();
      const [tenant] = seedXeroTenants({ seed: 1, customers: contacts, invoices }, NOW);
      return { ms: performance.now() - started, tenant };
    };
    time(400, 2_000); // warm-up
    const small = time(400, 2_000);
    const large = time(2_000, 10_000);
    expect(large.tenant?.contacts.length).toBe(2_000);
    expect(large.tenant?.invoices.size).toBe(10_000);
    // 5x the data: far from quadratic (25x), with room for a loaded machine.
    expect(large.ms).toBeLessThan(Math.max(small.ms, 5) * 15);
  }, 60_000);
});
