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

/**
 * The Preferences a client needs (Finance.xsd Preferences): sales form defaults, TimeTrackingPrefs, CurrencyPrefs
 * (home currency, multi-currency), and OtherPrefs as QBO's Name/Value list (TimeTrackingFeatureEnabled is there,
 * not in TimeTrackingPrefs, on real companies). The US company is multi-currency (its customers bill in USD, CAD
 * and EUR); the UK one is not.
 */
export function preferencesJson(company: QboCompanyData): Record<string, unknown> {
  const { profile } = company;
  const multiCurrency = profile.country === 'US';
  return {
    SalesFormsPrefs: {
      CustomTxnNumbers: false,
      AllowDeposit: false,
      AllowDiscount: true,
      AllowEstimates: true,
      ETransactionEnabledStatus: 'NotApplicable',
      DefaultTerms: { value: '3' },
    },
    TaxPrefs: { UsingSalesTax: profile.country !== 'US', PartnerTaxEnabled: profile.country === 'US' },
    TimeTrackingPrefs: { UseServices: true, BillCustomers: true, ShowBillRateToAll: false, WorkWeekStartDate: 'Monday', MarkTimeEntriesBillable: true },
    CurrencyPrefs: {
      MultiCurrencyEnabled: multiCurrency,
      HomeCurrency: { value: profile.homeCurrency },
    },
    OtherPrefs: {
      NameValue: [
        { Name: 'SalesFormsPrefs.DefaultCustomerMessage', Value: 'Thank you for your business.' },
        { Name: 'TimeTrackingFeatureEnabled', Value: 'true' },
        { Name: 'VendorAndPurchasesPrefs.UseBillableExpenses', Value: 'true' },
      ],
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
