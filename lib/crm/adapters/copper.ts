import type { CrmAdapter } from '../adapter';
import {
  buildContext, emailsByLabel, firstMatch, firstText, linesOf, parseAddress, phoneByLabel, textByLabel,
  valuesByLabel,
} from '../dom';

/**
 * Copper person and company pages. Copper routes in the URL FRAGMENT (CRM_NOTES.md):
 * `app.copper.com/companies/<accountId>/app#/people/<id>` (also `#/contact/<id>`) and `#/organization/<id>`.
 * A hash change is a navigation for the content script, so matchUrl reads `url.hash`.
 *
 * DOM: GAP in CRM_NOTES.md. Every selector here is UNVERIFIED, designed from the public UI: the record name as
 * the page heading and a details panel of labelled fields ("Email", "Phone Number", "Company", "Address").
 */
const SELECTORS = {
  name: ['[data-testid="entity-name"]', '.EntityHeader h1', '[role="main"] h1', 'main h1'],
  details: ['[data-testid="entity-details"]', '[aria-label="Details"]', '[role="main"]', 'main'],
  companyLink: 'a[href*="#/organization/"]',
  anchor: ['[data-testid="entity-name"]', '.EntityHeader', 'main h1'],
} as const;

const LABELS = {
  email: ['Email', 'Emails', 'Work Email', 'Personal Email'],
  phone: ['Phone Number', 'Phone', 'Phone Numbers'],
  company: ['Company'],
  address: ['Address'],
};

const OBJECTS: Record<string, { kind: 'person' | 'company'; object: string }> = {
  people: { kind: 'person', object: 'person' },
  contact: { kind: 'person', object: 'person' },
  organization: { kind: 'company', object: 'company' },
};
const APP_PATH = /^\/companies\/(\d+)\/app\/?$/;
const HASH_ROUTE = /^#\/(people|contact|organization)\/(\d+)(?:[/?].*)?$/;

export const copper: CrmAdapter = {
  id: 'copper',
  label: 'Copper',
  matches: ['https://app.copper.com/*'],

  matchUrl(url) {
    if (url.hostname.toLowerCase() !== 'app.copper.com') return null;
    const account = APP_PATH.exec(url.pathname)?.[1];
    const m = HASH_ROUTE.exec(url.hash);
    const target = m?.[1] ? OBJECTS[m[1]] : undefined;
    if (!account || !m?.[2] || !target) return null;
    // people and contact are the same object in two URL spellings: one record key for both.
    return { kind: target.kind, object: target.object, id: m[2], tenant: account };
  },

  read(doc, route) {
    const name = firstText(doc, SELECTORS.name);
    const details = firstMatch(doc, SELECTORS.details);
    if (!name || !details) return null;
    const companyValue = valuesByLabel(details, LABELS.company)[0];
    return buildContext('copper', route, {
      name,
      emails: emailsByLabel(details, LABELS.email),
      companyName:
        route.kind === 'company'
          ? name
          : ((companyValue && firstText(companyValue, [SELECTORS.companyLink])) ?? textByLabel(details, LABELS.company)),
      phone: phoneByLabel(details, LABELS.phone),
      address: parseAddress(linesOf(valuesByLabel(details, LABELS.address)[0])),
    });
  },

  anchor(doc) {
    return firstMatch(doc, SELECTORS.anchor);
  },
};
