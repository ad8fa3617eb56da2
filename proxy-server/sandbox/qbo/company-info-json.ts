import { addressJson } from './customer-json.js';
import { formatQboDateTime } from './qbo-time.js';
import type { QboCompanyData } from './records.js';

/** CompanyInfo as QBO returns it (xml-fixtures/company_info_query.xml; XML element names equal the JSON keys). */
export function companyInfoJson(company: QboCompanyData): Record<string, unknown> {
  const { profile } = company;
  return {
    CompanyName: profile.name,
    LegalName: profile.legalName,
    CompanyAddr: addressJson(profile.address),
    CustomerCommunicationAddr: addressJson(profile.address),
    LegalAddr: addressJson(profile.address),
    PrimaryPhone: { FreeFormNumber: profile.phone },
    CompanyStartDate: formatQboDateTime(profile.createdAt).slice(0, 10),
    FiscalYearStartMonth: 'January',
    Country: profile.country,
    Email: { Address: profile.email },
    WebAddr: {},
    SupportedLanguages: 'en',
    NameValue: [
      { Name: 'NeoEnabled', Value: 'true' },
      { Name: 'IndustryType', Value: 'Design' },
      { Name: 'SubscriptionStatus', Value: 'SUBSCRIBED' },
    ],
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '4',
    MetaData: {
      CreateTime: formatQboDateTime(profile.createdAt),
      LastUpdatedTime: formatQboDateTime(profile.createdAt),
    },
  };
}

/** The slice of Preferences a client needs to learn the home currency (CurrencyPrefs in Finance.xsd). */
export function preferencesJson(company: QboCompanyData): Record<string, unknown> {
  const { profile } = company;
  return {
    CurrencyPrefs: {
      MultiCurrencyEnabled: profile.country === 'US',
      HomeCurrency: { value: profile.homeCurrency },
    },
    domain: 'QBO',
    sparse: false,
    Id: '1',
    SyncToken: '1',
    MetaData: {
      CreateTime: formatQboDateTime(profile.createdAt),
      LastUpdatedTime: formatQboDateTime(profile.createdAt),
    },
  };
}
