import { seededGuid } from './support/guid';
import { type XeroPrng } from './support/prng';
import { type AddressRecord, type ContactRecord, type PhoneRecord } from './store/model';
import { type OrganisationTemplate } from './seed-organisations';
import { COMPANY_KINDS, COMPANY_SUFFIXES, COMPANY_WORDS, FIRST_NAMES, LAST_NAMES, STREET_NAMES } from './seed-names';

/** What a seeded contact is for; the first few positions are the awkward cases every client must survive. */
export type SeedContactRole = 'customer' | 'supplier' | 'idle';

export interface SeededContact {
  contact: ContactRecord;
  role: SeedContactRole;
  /** Currency of this contact's invoices (its DefaultCurrency, or the base currency). */
  currency: string;
  currencyRate: number;
}

interface ContactDraft {
  name: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  status?: 'ACTIVE' | 'ARCHIVED';
  role?: SeedContactRole;
  foreignCurrency?: boolean;
}

const SHARED_EMAIL = 'accounts@shared-inbox.example';

/**
 * Fixed awkward contacts at the start of every organisation (the ordering is part of the seed's contract: tests find
 * them by name). An archived contact shares its name with an active one, which Xero allows (names are unique among
 * ACTIVE contacts only).
 */
function awkwardDrafts(orgIndex: number): ContactDraft[] {
  const tag = orgIndex === 0 ? 'NZ' : 'UK';
  return [
    { name: `No Email Plumbing ${tag}`, firstName: 'Nora', lastName: 'Noemail' },
    { name: `Shared Inbox Alpha ${tag}`, firstName: 'Sam', lastName: 'Alpha', email: SHARED_EMAIL },
    { name: `Shared Inbox Beta ${tag}`, firstName: 'Sam', lastName: 'Beta', email: SHARED_EMAIL },
    { name: 'Cher', firstName: 'Cher', email: `cher.${tag.toLowerCase()}@example.com` },
    { name: 'Zoë Ångström-Łukasiewicz 株式会社 ✓', firstName: 'Zoë', lastName: 'Ångström-Łukasiewicz', email: `zoe.${tag.toLowerCase()}@exämple.com` },
    { name: `<script>alert("xss")</script> & 'Sons' <b>Ltd</b> ${tag}`, email: `xss.${tag.toLowerCase()}@example.com` },
    { name: `${'Very Long Legal Name Holdings '.repeat(8)}${tag}`.slice(0, 255), email: `long.${tag.toLowerCase()}@example.com` },
    { name: `Dormant Traders ${tag}`, email: `dormant.${tag.toLowerCase()}@example.com`, status: 'ARCHIVED', role: 'idle' },
    { name: `Dormant Traders ${tag}`, email: `dormant.active.${tag.toLowerCase()}@example.com` },
    { name: `Paper Supplies Wholesale ${tag}`, email: `bills.${tag.toLowerCase()}@example.com`, role: 'supplier' },
    { name: `Overseas Client ${tag}`, firstName: 'Olive', lastName: 'Overseas', email: `overseas.${tag.toLowerCase()}@example.com`, foreignCurrency: true },
    { name: `Prospect Without Invoices ${tag}`, firstName: 'Pat', lastName: 'Prospect', email: `prospect.${tag.toLowerCase()}@example.com`, role: 'idle' },
  ];
}

export const AWKWARD_CONTACT_COUNT = 12;

function randomDraft(prng: XeroPrng): ContactDraft {
  const firstName = prng.pick(FIRST_NAMES);
  const lastName = prng.pick(LAST_NAMES);
  if (prng.chance(0.5)) {
    return { name: `${firstName} ${lastName}`, firstName, lastName, email: `${firstName}.${lastName}@example.com`.toLowerCase() };
  }
  const suffix = prng.pick(COMPANY_SUFFIXES);
  const company = `${prng.pick(COMPANY_WORDS)} ${prng.pick(COMPANY_KINDS)}${suffix ? ` ${suffix}` : ''}`;
  const role: SeedContactRole = prng.chance(0.08) ? 'supplier' : 'customer';
  return {
    name: company,
    firstName,
    lastName,
    email: `${firstName.toLowerCase()}@${company.toLowerCase().replace(/[^a-z]+/g, '')}.example.com`,
    role,
    foreignCurrency: prng.chance(0.08),
  };
}

function addresses(prng: XeroPrng, template: OrganisationTemplate): AddressRecord[] {
  const city = prng.pick(template.cities);
  const empty = { line1: '', line2: '', city: '', region: '', postalCode: '', country: '', attentionTo: '' };
  return [
    {
      type: 'POBOX',
      ...empty,
      line1: `PO Box ${prng.int(100, 9999)}`,
      city,
      postalCode: String(prng.int(1000, 9999)),
      country: template.countryCode === 'NZ' ? 'New Zealand' : 'United Kingdom',
    },
    prng.chance(0.5)
      ? { type: 'STREET', ...empty, line1: `${prng.int(1, 400)} ${prng.pick(STREET_NAMES)}`, city }
      : { type: 'STREET', ...empty },
  ];
}

function phones(prng: XeroPrng): PhoneRecord[] {
  const blank = { number: '', areaCode: '', countryCode: '' };
  return [
    { type: 'DEFAULT', number: `${prng.int(200, 999)}-${prng.int(1000, 9999)}`, areaCode: `0${prng.int(2, 9)}`, countryCode: '' },
    { type: 'DDI', ...blank },
    { type: 'FAX', ...blank },
    { type: 'MOBILE', ...blank },
  ];
}

/**
 * Generates `count` contacts (at least the awkward ones). Names are made unique among ACTIVE contacts, as Xero
 * enforces, with a numeric suffix; work per contact is constant so 100,000 contacts take well under a second.
 */
export function seedContacts(
  prng: XeroPrng,
  template: OrganisationTemplate,
  orgIndex: number,
  count: number,
  now: number,
): SeededContact[] {
  const drafts = awkwardDrafts(orgIndex);
  const activeNames = new Set<string>();
  const seeded: SeededContact[] = [];
  const total = Math.max(count, drafts.length);
  for (let index = 0; index < total; index += 1) {
    const draft = drafts[index] ?? randomDraft(prng);
    let name = draft.name;
    const status = draft.status ?? 'ACTIVE';
    if (status === 'ACTIVE') {
      let suffix = 2;
      while (activeNames.has(name.toLowerCase())) name = `${draft.name} ${suffix++}`;
      activeNames.add(name.toLowerCase());
    }
    const foreign = draft.foreignCurrency === true ? prng.pick(template.foreignCurrencies) : undefined;
    const role = draft.role ?? 'customer';
    const contact: ContactRecord = {
      contactId: seededGuid(prng),
      contactNumber: undefined,
      accountNumber: prng.chance(0.3) ? `ACC-${String(index + 1).padStart(5, '0')}` : undefined,
      status,
      name,
      firstName: draft.firstName,
      lastName: draft.lastName,
      email: draft.email,
      companyNumber: undefined,
      taxNumber: undefined,
      website: undefined,
      contactPersons: [],
      addresses: addresses(prng, template),
      phones: phones(prng),
      isSupplier: role === 'supplier',
      isCustomer: role === 'customer',
      defaultCurrency: foreign?.code,
      updatedAt: now - prng.int(1, 700) * 86_400_000 - prng.int(0, 86_399_999),
    };
    seeded.push({
      contact,
      role,
      currency: foreign?.code ?? template.baseCurrency,
      currencyRate: foreign?.rate ?? 1,
    });
  }
  return seeded;
}
