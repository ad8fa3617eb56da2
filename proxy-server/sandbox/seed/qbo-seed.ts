import { QboCompanyData, type QboAddressRecord, type QboCustomerRecord } from '../qbo/records.js';
import { awkwardCustomers, AWKWARD_CUSTOMER_COUNT } from './awkward-customers.js';
import { qboCompanyProfiles } from './qbo-companies.js';
import { createPrng, deriveSeed, type Prng } from './prng.js';
import { seedInvoices } from './qbo-invoice-seed.js';
import { seedQboPeople } from './qbo-people-seed.js';
import { seedQboItems, seedQboTaxCodes } from './qbo-reference-seed.js';
import { seedQboTransactions } from './qbo-txn-seed.js';
import {
  CA_CITIES, COMPANY_TRADES, COMPANY_WORDS, EU_CITIES, FAMILY_NAMES, GIVEN_NAMES, STREET_NAMES, UK_CITIES,
  UK_COMPANY_SUFFIXES, UK_STREET_NAMES, US_CITIES, US_COMPANY_SUFFIXES, type CityEntry,
} from './name-data.js';
import { DAY_MS } from '../qbo/qbo-time.js';

export interface QboSeedOptions {
  seed: number;
  /** Customers per company, awkward ones included (at least those). */
  customers?: number;
  /** Approximate invoices per company: every open balance gets its invoices, paid ones fill up to this. */
  invoices?: number;
  /** Sandbox time at seeding; dates are spread backwards from it. */
  now: number;
  /** When set, `customers`/`invoices` apply to this realm only; the other company gets the default size. */
  companyId?: string;
}

export const DEFAULT_SEED = 42;
export const DEFAULT_CUSTOMERS_PER_COMPANY = 64;

/** Deterministic: the same options give the same companies, customers and invoices. */
export function seedQboCompanies(options: QboSeedOptions): QboCompanyData[] {
  const createdAt = options.now - 1000 * DAY_MS;
  return qboCompanyProfiles(createdAt).map((profile, index) => {
    const sized = options.companyId === undefined || options.companyId === profile.realmId;
    const customerCount = Math.max((sized ? options.customers : undefined) ?? DEFAULT_CUSTOMERS_PER_COMPANY, AWKWARD_CUSTOMER_COUNT);
    const invoiceTarget = sized ? options.invoices : undefined;
    const prng = createPrng(deriveSeed(options.seed, index));
    const company = new QboCompanyData(profile);
    const isUk = profile.country === 'GB';
    const region = (currency: string): Region => regionFor(isUk, currency);
    for (const customer of awkwardCustomers({
      currency: profile.homeCurrency,
      address: (id) => makeAddress(prng, region(profile.homeCurrency), id),
      phone: () => region(profile.homeCurrency).phone(prng),
      createdAt,
    })) {
      company.addCustomer(customer);
    }
    const usedNames = new Set(company.customers.map((c) => c.displayName.toLowerCase()));
    for (let n = AWKWARD_CUSTOMER_COUNT + 1; n <= customerCount; n += 1) {
      const currency = isUk ? 'GBP' : prng.chance(0.08) ? 'CAD' : prng.chance(0.08) ? 'EUR' : 'USD';
      company.addCustomer(generateCustomer(prng, String(n), region(currency), currency, usedNames, options.now));
    }
    seedInvoices(company, prng, { now: options.now, ...(invoiceTarget === undefined ? {} : { target: invoiceTarget }) });
    // Lists and other transactions draw from their own stream, so adding them left the seeded customers unchanged.
    const extras = createPrng(deriveSeed(options.seed, 100 + index));
    seedQboItems(company, createdAt);
    seedQboTaxCodes(company, createdAt);
    seedQboPeople(company, extras, createdAt);
    seedQboTransactions(company, extras, options.now);
    return company;
  });
}

interface Region {
  cities: readonly CityEntry[];
  streets: readonly string[];
  suffixes: readonly string[];
  country: string;
  tld: string;
  phone: (prng: Prng) => string;
  postal: (prng: Prng, city: CityEntry) => string;
}

const US_REGION: Region = {
  cities: US_CITIES,
  streets: STREET_NAMES,
  suffixes: US_COMPANY_SUFFIXES,
  country: 'USA',
  tld: '.com',
  phone: (prng) => `(${prng.int(201, 989)}) 555-${String(prng.int(100, 9999)).padStart(4, '0')}`,
  postal: (prng, city) => `${city.postalPrefix}${String(prng.int(0, 99)).padStart(2, '0')}`,
};

const REGIONS: Record<'US' | 'CA' | 'EU' | 'UK', Region> = {
  US: US_REGION,
  CA: {
    ...US_REGION,
    cities: CA_CITIES,
    country: 'Canada',
    tld: '.ca',
    postal: (prng, city) => `${city.postalPrefix} ${prng.int(1, 9)}${String.fromCharCode(65 + prng.int(0, 25))}${prng.int(1, 9)}`,
  },
  EU: {
    ...US_REGION,
    cities: EU_CITIES,
    suffixes: ['GmbH', 'SARL', 'B.V.', 'Ltd'],
    country: 'Germany',
    tld: '.eu',
    phone: (prng) => `+49 30 ${prng.int(1000000, 9999999)}`,
    postal: (prng, city) => `${city.postalPrefix}${prng.int(10, 99)}`,
  },
  UK: {
    cities: UK_CITIES,
    streets: UK_STREET_NAMES,
    suffixes: UK_COMPANY_SUFFIXES,
    country: 'United Kingdom',
    tld: '.co.uk',
    phone: (prng) => `0${prng.int(20, 29)} ${prng.int(1000, 9999)} ${prng.int(1000, 9999)}`,
    postal: (prng, city) => `${city.postalPrefix} ${prng.int(1, 9)}${String.fromCharCode(65 + prng.int(0, 25), 65 + prng.int(0, 25))}`,
  },
};

function regionFor(isUk: boolean, currency: string): Region {
  if (isUk) return REGIONS.UK;
  if (currency === 'CAD') return REGIONS.CA;
  if (currency === 'EUR') return REGIONS.EU;
  return REGIONS.US;
}

function makeAddress(prng: Prng, region: Region, id: string): QboAddressRecord {
  const city = prng.pick(region.cities);
  return {
    id,
    line1: `${prng.int(1, 9999)} ${prng.pick(region.streets)}`,
    city: city.city,
    countrySubDivisionCode: city.region,
    postalCode: region.postal(prng, city),
    country: region.country,
  };
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\p{ASCII}]/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function generateCustomer(
  prng: Prng,
  id: string,
  region: Region,
  currency: string,
  usedNames: Set<string>,
  now: number,
): QboCustomerRecord {
  const givenName = prng.pick(GIVEN_NAMES);
  const familyName = prng.pick(FAMILY_NAMES);
  const isBusiness = prng.chance(0.7);
  const companyName = isBusiness
    ? prng.chance(0.5)
      ? `${familyName} ${prng.pick(COMPANY_TRADES)} ${prng.pick(region.suffixes)}`
      : `${prng.pick(COMPANY_WORDS)} ${prng.pick(COMPANY_TRADES)} ${prng.pick(region.suffixes)}`
    : undefined;
  const displayName = uniqueName(companyName ?? `${givenName} ${familyName}`, id, usedNames);
  const domain = companyName === undefined ? prng.pick(['gmail.example', 'outlook.example', 'icloud.example']) : `${slug(companyName).slice(0, 24)}${region.tld}`;
  const hasBalance = prng.chance(0.78);
  const createdAt = now - prng.int(40, 990) * DAY_MS - prng.int(0, DAY_MS / 1000) * 1000;
  const billAddr = makeAddress(prng, region, id);
  const customer: QboCustomerRecord = {
    id,
    syncToken: prng.int(0, 4),
    displayName,
    givenName,
    familyName,
    email: `${slug(givenName)}.${slug(familyName)}@${domain}`,
    phone: region.phone(prng),
    billAddr,
    // Most customers ship where they bill; QBO then repeats the address (get__id__0.json).
    shipAddr: prng.chance(0.6) ? billAddr : makeAddress(prng, region, String(1_000_000 + Number(id))),
    // A balance with cents, skewed towards smaller amounts (e.g. 1234.56).
    balanceCents: hasBalance ? Math.round(Math.pow(prng.next(), 2) * 2_500_000) + prng.int(1_000, 9_999) : 0,
    currency,
    active: true,
    taxable: prng.chance(0.5),
    preferredDeliveryMethod: prng.chance(0.7) ? 'Email' : 'Print',
    createdAt,
    updatedAt: Math.min(now, createdAt + prng.int(0, 900) * DAY_MS),
  };
  if (companyName !== undefined) customer.companyName = companyName;
  return customer;
}

function uniqueName(base: string, id: string, used: Set<string>): string {
  let name = base;
  if (used.has(name.toLowerCase())) name = `${base} (${id})`;
  used.add(name.toLowerCase());
  return name;
}
