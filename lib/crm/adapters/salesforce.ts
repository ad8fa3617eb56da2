import type { CrmAdapter, RecordRoute } from '../adapter';
import {
  buildContext, deepQueryAll, emailsFrom, firstMatch, firstPhone, firstText, linesOf, parseAddress, stripSalutation,
  subdomainOf,
} from '../dom';

/**
 * Salesforce Lightning Experience record pages.
 *
 * URL: `<my-domain>.lightning.force.com/lightning/r/<Object>/<15|18-char id>/view` (CRM_NOTES.md).
 *
 * DOM (CRM_NOTES.md): every value is rendered by a Lightning web component inside a shadow root (synthetic shadow
 * in the real app, open shadow roots in our fixtures), so every selector below pierces with ` >>> `.
 * - `div[data-target-selection-name="sfdc:RecordField.Contact.Email"] lightning-formatted-email`,
 *   `…Contact.AccountId"] force-lookup a`, `records-highlights-details-item a[href*="mailto"]`,
 *   `lightning-formatted-name[slot="primaryField"]` — a public Playwright page object for a live contact page;
 * - `.slds-page-header__title lightning-formatted-name`, `[title="Account Name"]` — toggl salesforce.js;
 * - `.forceHighlightsPanel`, `.highlights .actionsContainer` — clockify salesforce.js (used as the anchor).
 * - `.oneContent.active`: Lightning keeps previously visited records in the DOM, hidden, and marks the shown one
 *   active. UNVERIFIED against CRM_NOTES (no saved page); when absent, the whole document is read.
 */
const SELECTORS = {
  activeView: ['.oneContent.active', '.windowViewMode-normal.active'],
  name: [
    'lightning-formatted-name[slot="primaryField"]',
    '.slds-page-header__title >>> lightning-formatted-name',
    '[slot="primaryField"]',
    '.slds-page-header__title',
  ],
  /** All e-mail fields of the object, standard (Email) and custom (Billing_Email__c …). */
  emails: (object: string) => [
    `div[data-target-selection-name^="sfdc:RecordField.${object}."] >>> lightning-formatted-email`,
    'records-highlights-details-item >>> a[href*="mailto"]',
  ],
  account: [
    'div[data-target-selection-name="sfdc:RecordField.Contact.AccountId"] >>> force-lookup >>> a',
    '[title="Account Name"] >>> force-lookup >>> a',
  ],
  leadCompany: ['div[data-target-selection-name="sfdc:RecordField.Lead.Company"] >>> lightning-formatted-text'],
  phone: (object: string) => [
    `div[data-target-selection-name="sfdc:RecordField.${object}.Phone"] >>> lightning-formatted-phone`,
    `div[data-target-selection-name="sfdc:RecordField.${object}.MobilePhone"] >>> lightning-formatted-phone`,
  ],
  address: (object: string) => [
    `div[data-target-selection-name="sfdc:RecordField.${object}.${ADDRESS_FIELD[object] ?? 'Address'}"] >>> lightning-formatted-address`,
  ],
  anchor: ['records-highlights2', '.forceHighlightsPanel'],
} as const;

const ADDRESS_FIELD: Record<string, string> = { Contact: 'MailingAddress', Account: 'BillingAddress', Lead: 'Address' };
const KIND_BY_OBJECT = { Contact: 'person', Lead: 'person', Account: 'company' } as const;
const RECORD_PATH = /^\/lightning\/r\/(Contact|Account|Lead)\/([a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?)\/view\/?$/;

/**
 * The case-insensitive 18-character form of a record id. Salesforce links use both forms for the same record;
 * the record key must not depend on which one the user followed.
 * https://help.salesforce.com/s/articleView?id=000385008 (the 3-character checksum suffix).
 */
export function salesforceId18(id: string): string {
  if (id.length !== 15) return id;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
  let suffix = '';
  for (let block = 0; block < 3; block += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const ch = id.charAt(block * 5 + i);
      if (ch >= 'A' && ch <= 'Z') bits |= 1 << i;
    }
    suffix += alphabet.charAt(bits);
  }
  return id + suffix;
}

function scopeOf(doc: Document): Document | Element {
  return firstMatch(doc, SELECTORS.activeView) ?? doc;
}

export const salesforce: CrmAdapter = {
  id: 'salesforce',
  label: 'Salesforce',
  matches: ['https://*.lightning.force.com/*'],

  matchUrl(url) {
    const tenant = subdomainOf(url.hostname, 'lightning.force.com');
    const m = RECORD_PATH.exec(url.pathname);
    if (!tenant || !m?.[1] || !m[2]) return null;
    const object = m[1] as keyof typeof KIND_BY_OBJECT;
    return { kind: KIND_BY_OBJECT[object], object, id: salesforceId18(m[2]), tenant };
  },

  read(doc, route: RecordRoute) {
    const scope = scopeOf(doc);
    const name = firstText(scope, SELECTORS.name);
    if (!name) return null; // highlights panel not rendered yet
    const emails = SELECTORS.emails(route.object).flatMap((selector) => emailsFrom(scope, selector));
    const companyName =
      route.object === 'Account'
        ? name
        : firstText(scope, route.object === 'Lead' ? SELECTORS.leadCompany : SELECTORS.account);
    const addressEl = deepQueryAll(scope, SELECTORS.address(route.object)[0] ?? '')[0];
    return buildContext('salesforce', route, {
      name: route.kind === 'person' ? stripSalutation(name) : name,
      emails,
      companyName,
      phone: firstPhone(scope, SELECTORS.phone(route.object)),
      address: parseAddress(linesOf(addressEl)),
    });
  },

  anchor(doc) {
    return firstMatch(scopeOf(doc), SELECTORS.anchor);
  },
};
