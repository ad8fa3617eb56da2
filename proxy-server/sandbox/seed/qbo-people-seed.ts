import type { QboEmployeeRecord, QboVendorRecord } from '../qbo/other-records.js';
import type { QboCompanyData } from '../qbo/records.js';
import { DAY_MS, formatQboDate } from '../qbo/qbo-time.js';
import type { Prng } from './prng.js';

/**
 * Employees and vendors: a few each, one inactive of both (QBO hides them from queries that do not mention Active,
 * all__employees_including_active__1.json shows "Emily Platt (deleted)"), one vendor without email. Middle initials
 * keep their DisplayNames clear of the generated customers' (names are unique across the three lists, 6240).
 */
const EMPLOYEES = [
  ['Emily', 'R.', 'Platt'],
  ['John', 'T.', 'Johnson'],
  ['Priya', 'K.', 'Raman'],
  ['Tomás', 'A.', 'Ortega'],
  ['Hannah', 'M.', 'Becker'],
] as const;

const VENDORS = [
  { company: 'Brosnahan Insurance Agency', given: 'Nick', family: 'Brosnahan', email: 'nick@brosnahan.example' },
  { company: 'Books by Bessie', given: 'Bessie', family: 'Williams', email: 'books@bessie.example' },
  { company: "Bob's Burger Joint" },
  { company: 'Hicks Hardware', given: 'Geoff', family: 'Hicks', email: 'geoff@hickshw.example' },
  { company: 'Norton Lumber and Building Materials', email: 'sales@nortonlumber.example' },
  { company: 'Tania’s Nursery', given: 'Tania', family: 'Kowalczyk', email: 'tania@nursery.example' },
] as const;

export function seedQboPeople(company: QboCompanyData, prng: Prng, createdAt: number): void {
  EMPLOYEES.forEach(([given, initial, family], index) => {
    const displayName = `${given} ${initial} ${family}${index === 0 ? ' (deleted)' : ''}`;
    if (company.nameTaken(displayName)) return;
    const employee: QboEmployeeRecord = {
      id: company.nextId(), syncToken: index === 0 ? 1 : 0, createdAt, updatedAt: createdAt + index * DAY_MS, displayName,
      givenName: given, familyName: family, email: `${given.toLowerCase().normalize('NFKD').replace(/[^a-z]/g, '')}@${company.profile.email.split('@')[1] ?? 'example.com'}`,
      active: index !== 0, billableTime: index % 2 === 1, billRateCents: prng.int(40, 120) * 100, hiredDate: formatQboDate(createdAt - prng.int(100, 2000) * DAY_MS),
      employeeNumber: `E${100 + index}`,
    };
    company.addEmployee(employee);
  });
  VENDORS.forEach((spec, index) => {
    if (company.nameTaken(spec.company)) return;
    const vendor: QboVendorRecord = {
      id: company.nextId(), syncToken: 0, createdAt, updatedAt: createdAt, displayName: spec.company, companyName: spec.company,
      active: index !== VENDORS.length - 1, balanceCents: prng.chance(0.5) ? prng.int(1_000, 500_000) : 0,
      currency: company.profile.homeCurrency, vendor1099: index % 3 === 0, acctNum: String(prng.int(1000, 9_999_999)),
    };
    if ('given' in spec) vendor.givenName = spec.given;
    if ('family' in spec) vendor.familyName = spec.family;
    if ('email' in spec) vendor.email = spec.email;
    company.addVendor(vendor);
  });
}
