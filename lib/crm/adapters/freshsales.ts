import type { CrmAdapter } from '../adapter';
import {
  buildContext, emailsByLabel, firstMatch, firstText, makeAddress, phoneByLabel, subdomainOf, textByLabel,
  valuesByLabel,
} from '../dom';

/**
 * Freshsales (Freshworks CRM) contact and account pages:
 * `<domain>.myfreshworks.com/crm/sales/contacts/<id>` and `/crm/sales/accounts/<id>` (CRM_NOTES.md).
 *
 * DOM: GAP in CRM_NOTES.md. Every selector here is UNVERIFIED, designed from the public UI: the record name in
 * the page header and a details panel of labelled fields ("Emails" — several, one marked primary — "Work",
 * "Mobile", "Accounts", "Address", "City", "State", "Zipcode", "Country").
 */
const SELECTORS = {
  name: ['[data-test-id="entity-name"]', '.entity-name', '.contact-name', 'main h1'],
  details: ['[data-test-id="details-panel"]', '.basic-info', 'main'],
  accountLink: 'a[href*="/crm/sales/accounts/"]',
  anchor: ['[data-test-id="entity-name"]', '.entity-name', 'main h1'],
} as const;

const LABELS = {
  email: ['Emails', 'Email'],
  phone: ['Work', 'Mobile', 'Phone'],
  account: ['Accounts', 'Account', 'Sales account'],
};

const OBJECTS = { contacts: 'person', accounts: 'company' } as const;
const RECORD_PATH = /^\/crm\/sales\/(contacts|accounts)\/(\d+)(?:\/.*)?$/;

export const freshsales: CrmAdapter = {
  id: 'freshsales',
  label: 'Freshsales',
  matches: ['https://*.myfreshworks.com/crm/sales/*'],

  matchUrl(url) {
    const tenant = subdomainOf(url.hostname, 'myfreshworks.com');
    const m = RECORD_PATH.exec(url.pathname);
    if (!tenant || !m?.[1] || !m[2]) return null;
    const object = m[1] as keyof typeof OBJECTS;
    return { kind: OBJECTS[object], object, id: m[2], tenant };
  },

  read(doc, route) {
    const name = firstText(doc, SELECTORS.name);
    const details = firstMatch(doc, SELECTORS.details);
    if (!name || !details) return null;
    const accountValue = valuesByLabel(details, LABELS.account)[0];
    return buildContext('freshsales', route, {
      name,
      emails: emailsByLabel(details, LABELS.email),
      companyName:
        route.kind === 'company'
          ? name
          : ((accountValue && firstText(accountValue, [SELECTORS.accountLink])) ?? textByLabel(details, LABELS.account)),
      phone: phoneByLabel(details, LABELS.phone),
      address: makeAddress({
        line1: textByLabel(details, ['Address']),
        city: textByLabel(details, ['City']),
        region: textByLabel(details, ['State']),
        postalCode: textByLabel(details, ['Zipcode', 'Zip code']),
        country: textByLabel(details, ['Country']),
      }),
    });
  },

  anchor(doc) {
    return firstMatch(doc, SELECTORS.anchor);
  },
};
