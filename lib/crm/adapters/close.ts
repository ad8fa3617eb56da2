import type { CrmAdapter } from '../adapter';
import {
  allEmailsIn, buildContext, firstMatch, firstPhone, firstText, linesOf, normalizeText, parseAddress, sectionsByHeading,
} from '../dom';

/**
 * Close lead pages: `app.close.com/lead/lead_<id>/` (the API's `html_url`, CRM_NOTES.md). A Close lead is a
 * company with several contacts, each with e-mails: the record is the company (kind company, name = lead name)
 * and its e-mails are all its contacts' e-mails — any of them may be the billing contact in the ledger.
 *
 * DOM: GAP in CRM_NOTES.md. Every selector here is UNVERIFIED, designed from the public UI: the lead name as the
 * page heading, a "Contacts" section (one card per contact, addresses shown as text/links) and an "Addresses"
 * section. Reading is scoped to those sections by their visible headings so the activity feed's e-mails (the
 * salesperson's own address, colleagues in Cc) never count.
 */
const SELECTORS = {
  name: ['[data-testid="lead-name"]', '.LeadHeader h1', 'main h1'],
  /** document.title is "<lead name> | Close" (fallback while the header re-renders). */
  titleSuffix: /\s+[|–-]\s+Close$/,
  contactsHeadings: ['Contacts'],
  addressHeadings: ['Addresses', 'Address'],
  anchor: ['[data-testid="lead-name"]', '.LeadHeader', 'main h1'],
} as const;

const RECORD_PATH = /^\/lead\/(lead_[A-Za-z0-9]+)(?:\/.*)?$/;

export const close: CrmAdapter = {
  id: 'close',
  label: 'Close',
  matches: ['https://app.close.com/*'],

  matchUrl(url) {
    if (url.hostname.toLowerCase() !== 'app.close.com') return null;
    const id = RECORD_PATH.exec(url.pathname)?.[1];
    return id ? { kind: 'company', object: 'lead', id, tenant: 'app.close.com' } : null;
  },

  read(doc, route) {
    const name =
      firstText(doc, SELECTORS.name) ??
      (SELECTORS.titleSuffix.test(doc.title) ? normalizeText(doc.title.replace(SELECTORS.titleSuffix, '')) : null);
    const contacts = sectionsByHeading(doc, SELECTORS.contactsHeadings);
    // Both the header and the contacts list must be there: an early frame shows the name over an empty skeleton.
    if (!name || contacts.length === 0) return null;
    const addressSection = sectionsByHeading(doc, SELECTORS.addressHeadings)[0];
    const addressEl = addressSection ? (firstMatch(addressSection, ['address']) ?? addressSection) : null;
    const addressLines = linesOf(addressEl).filter((line) => !(SELECTORS.addressHeadings as readonly string[]).includes(line));
    return buildContext('close', route, {
      name,
      emails: contacts.flatMap(allEmailsIn),
      companyName: name,
      phone: contacts.map((c) => firstPhone(c, ['a[href^="tel:" i]'])).find(Boolean) ?? null,
      address: parseAddress(addressLines),
    });
  },

  anchor(doc) {
    return firstMatch(doc, SELECTORS.anchor);
  },
};
