import { describe, expect, it } from 'vitest';
import { QBO_ITEM_IDS } from '../../../proxy-server/sandbox/seed/qbo-reference-seed.js';
import { seedQboCompanies } from '../../../proxy-server/sandbox/seed/qbo-seed.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('QBO seed: lists and other transactions', () => {
  const [us, uk] = seedQboCompanies({ seed: 42, now: NOW });
  if (us === undefined || uk === undefined) throw new Error('two companies expected');

  it('gives every company items at fixed ids, employees, vendors and tax codes', () => {
    for (const company of [us, uk]) {
      expect(company.items.get(QBO_ITEM_IDS.services)?.name).toBe('Services');
      expect(company.items.get(QBO_ITEM_IDS.gardenLights)?.type).toBe('Inventory');
      expect(company.items.get(QBO_ITEM_IDS.mulch)?.active).toBe(false);
      expect(company.employees.rows.some((e) => !e.active)).toBe(true);
      expect(company.vendors.size).toBeGreaterThanOrEqual(5);
    }
    expect(us.taxCodes.get('NON')).toBeDefined();
    expect(uk.taxCodes.get('4')?.name).toBe('Exempt');
  });

  it('keeps DisplayName unique across customers, vendors and employees', () => {
    for (const company of [us, uk]) {
      const names = [...company.customers, ...company.vendors.rows, ...company.employees.rows].map((r) => r.displayName.toLowerCase());
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('seeds estimates in every status, credit memos, sales receipts and time activities by employee and vendor', () => {
    const statuses = new Set(us.estimates.rows.map((e) => e.txnStatus));
    expect([...statuses].sort()).toEqual(['Accepted', 'Closed', 'Pending', 'Rejected']);
    expect(us.salesReceipts.size).toBeGreaterThan(0);
    for (const memo of us.creditMemos.rows) expect(memo.remainingCreditCents).toBe(memo.totalCents);
    const kinds = new Set(us.timeActivities.rows.map((t) => t.nameOf));
    expect(kinds).toEqual(new Set(['Employee', 'Vendor']));
    expect(us.timeActivities.rows.some((t) => t.startTime !== undefined)).toBe(true);
  });

  it('is deterministic', () => {
    const [again] = seedQboCompanies({ seed: 42, now: NOW });
    expect(again?.estimates.rows.map((e) => [e.id, e.totalCents, e.txnStatus])).toEqual(us.estimates.rows.map((e) => [e.id, e.totalCents, e.txnStatus]));
  });
});
