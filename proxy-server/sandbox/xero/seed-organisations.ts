import { seededGuid } from './support/guid';
import { type XeroPrng } from './support/prng';
import { type BankAccountRecord, type OrganisationRecord } from './store/model';

/**
 * The two seeded organisations: an NZ company in NZD and a UK company in GBP, so a client must keep tenants, base
 * currencies and tax rates apart. ShortCodes start with "!" like real ones (examples/getOrganisations.200.json) so
 * deep links must URL-encode them (api-facts.md section 2, Deep links).
 */
export interface OrganisationTemplate {
  name: string;
  baseCurrency: string;
  countryCode: string;
  version: string;
  timezone: string;
  taxNumber: string;
  salesTaxBasisPoints: number;
  invoicePrefix: string;
  cities: readonly string[];
  foreignCurrencies: readonly { code: string; rate: number }[];
}

export const ORGANISATION_TEMPLATES: readonly OrganisationTemplate[] = [
  {
    name: 'Kiwi Harbour Trading (NZ)',
    baseCurrency: 'NZD',
    countryCode: 'NZ',
    version: 'NZ',
    timezone: 'NEWZEALANDSTANDARDTIME',
    taxNumber: '111-111-111',
    salesTaxBasisPoints: 1500,
    invoicePrefix: 'INV-',
    cities: ['Auckland', 'Wellington', 'Christchurch', 'Hamilton', 'Tauranga', 'Dunedin', 'Nelson'],
    foreignCurrencies: [
      { code: 'AUD', rate: 1.0852 },
      { code: 'USD', rate: 0.5934 },
    ],
  },
  {
    name: 'Thistle & Thames Supplies Ltd (UK)',
    baseCurrency: 'GBP',
    countryCode: 'GB',
    version: 'UK',
    timezone: 'GMTSTANDARDTIME',
    taxNumber: 'GB 123 4567 89',
    salesTaxBasisPoints: 2000,
    invoicePrefix: 'INV-',
    cities: ['London', 'Manchester', 'Leeds', 'Bristol', 'Edinburgh', 'Cardiff', 'Glasgow'],
    foreignCurrencies: [
      { code: 'EUR', rate: 1.1702 },
      { code: 'USD', rate: 1.2711 },
    ],
  },
];

const SHORT_CODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

export function seedOrganisation(
  template: OrganisationTemplate,
  prng: XeroPrng,
  now: number,
): { organisation: OrganisationRecord; bankAccount: BankAccountRecord } {
  const tenantId = seededGuid(prng);
  let shortCode = '!';
  for (let i = 0; i < 5; i += 1) shortCode += prng.pick([...SHORT_CODE_ALPHABET]);
  return {
    organisation: {
      tenantId,
      name: template.name,
      legalName: template.name,
      shortCode,
      baseCurrency: template.baseCurrency,
      countryCode: template.countryCode,
      version: template.version,
      timezone: template.timezone,
      taxNumber: template.taxNumber,
      salesTaxBasisPoints: template.salesTaxBasisPoints,
      salesTaxType: 'OUTPUT2',
      createdAt: now - 3 * 365 * 86_400_000,
      invoicePrefix: template.invoicePrefix,
    },
    bankAccount: { accountId: seededGuid(prng), code: '090', name: 'Business Bank Account' },
  };
}
