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
        const open = (tenant.invoicesByContact.get(contact.contactId) ?? []).filter((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED');
        expect(open.length).toBeGreaterThan(0);
        const sum = open.reduce((total, invoice) => total + amountDueCents(invoice), 0);
        expect(contactBalances(tenant, contact.contactId, NOW).receivableOutstandingCents).toBe(sum);
        expect(Number.isInteger(sum)).toBe(true);
        for (const invoice of open) expect(invoice.currencyCode).toBe(contact.defaultCurrency ?? tenant.organisation.baseCurrency);
      }
    }
  });

  it('scales linearly: 10,000 contacts and 100,000 invoices per organisation in seconds', () => {
    const started = performance.now();
    const [tenant] = seedXeroTenants({ seed: 1, customers: 10_000, invoices: 100_000 }, NOW);
    expect(tenant?.contacts.length).toBe(10_000);
    expect(tenant?.invoices.length).toBe(100_000);
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
