import { msDate, msDateNoOffset } from '../support/ms-date';
import { type OrganisationRecord } from '../store/model';

/** GET /Organisation, key order as recorded/test_get_organisations.yaml (ShortCode starts with "!"). */
export function wireOrganisation(org: OrganisationRecord): Record<string, unknown> {
  return {
    Name: org.name,
    LegalName: org.legalName,
    PaysTax: true,
    Version: org.version,
    OrganisationType: 'COMPANY',
    BaseCurrency: org.baseCurrency,
    CountryCode: org.countryCode,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    TaxNumber: org.taxNumber,
    FinancialYearEndDay: 31,
    FinancialYearEndMonth: 3,
    SalesTaxBasis: org.countryCode === 'NZ' ? 'PAYMENTS' : 'ACCRUAL',
    SalesTaxPeriod: org.countryCode === 'NZ' ? 'TWOMONTHS' : 'QUARTERLY1',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Exclusive',
    PeriodLockDate: msDate(org.createdAt),
    CreatedDateUTC: msDateNoOffset(org.createdAt),
    OrganisationEntityType: 'COMPANY',
    Timezone: org.timezone,
    ShortCode: org.shortCode,
    OrganisationID: org.tenantId,
    Edition: 'BUSINESS',
    Class: 'PREMIUM',
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
}
