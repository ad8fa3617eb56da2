import type { CrmAdapter } from '../adapter';
import {
  buildContext, emailsByLabel, emailsFrom, firstMatch, firstText, linesOf, normalizeText, parseAddress, phoneByLabel,
  subdomainOf, textByLabel, valuesByLabel,
} from '../dom';

/**
 * Pipedrive person and organization pages: `<company>.pipedrive.com/person/<id>`, `/organization/<id>`.
 *
 * DOM (CRM_NOTES.md): `.detailView .content .spacer` is the contact view and `[data-testid="header-title"]` the
 * record title (clockify selectors.json); document.title ends with " - contact details" (clockify pipedrive.js).
 * The field rows inside the details sidebar are UNVERIFIED (no saved page): they are read by their visible labels
 * ("Email", "Phone", "Organization", "Address") and by mailto/tel links, which survive class-name churn.
 */
const SELECTORS = {
  detailView: ['.detailView .content .spacer', '.detailView'],
  name: ['[data-testid="header-title"]', '.detailView h1'],
  /** Title suffixes per object (clockify pipedrive.js for persons). */
  titleSuffix: / - (?:contact|organization) details$/i,
  details: ['[data-testid="details-sidebar"]', '.detailView .content .spacer'],
  orgLink: 'a[href*="/organization/"]',
  anchor: ['[data-testid="header-title"]', '.detailView .content .spacer'],
} as const;

const LABELS = {
  email: ['Email', 'Emails'],
  phone: ['Phone', 'Phones'],
  organization: ['Organization', 'Organisation'],
  address: ['Address'],
};

const OBJECTS = { person: 'person', organization: 'company' } as const;
const RECORD_PATH = /^\/(person|organization)\/(\d+)\/?$/;

export const pipedrive: CrmAdapter = {
  id: 'pipedrive',
  label: 'Pipedrive',
  matches: ['https://*.pipedrive.com/*'],

  matchUrl(url) {
    const tenant = subdomainOf(url.hostname, 'pipedrive.com');
    const m = RECORD_PATH.exec(url.pathname);
    if (!tenant || !m?.[1] || !m[2]) return null;
    const object = m[1] as keyof typeof OBJECTS;
    return { kind: OBJECTS[object], object, id: m[2], tenant };
  },

  read(doc, route) {
    const view = firstMatch(doc, SELECTORS.detailView);
    if (!view) return null; // the SPA has not rendered the record yet
    const details = firstMatch(doc, SELECTORS.details) ?? view;
    // The title is set with the route, before the record's data arrives: it only names a record whose fields show.
    const fieldsShown = valuesByLabel(details, [...LABELS.email, ...LABELS.phone, ...LABELS.organization]).length > 0;
    const fromTitle = SELECTORS.titleSuffix.test(doc.title)
      ? normalizeText(doc.title.replace(SELECTORS.titleSuffix, ''))
      : null;
    const name = firstText(doc, SELECTORS.name) ?? (fieldsShown ? fromTitle : null);
    if (!name) return null;
    const orgValue = valuesByLabel(details, LABELS.organization)[0];
    const org = orgValue ? (firstText(orgValue, [SELECTORS.orgLink]) ?? textByLabel(details, LABELS.organization)) : null;
    return buildContext('pipedrive', route, {
      name,
      emails: [...emailsByLabel(details, LABELS.email), ...emailsFrom(details, 'a[href^="mailto:" i]')],
      companyName: route.kind === 'company' ? name : org,
      phone: phoneByLabel(details, LABELS.phone),
      address: parseAddress(linesOf(valuesByLabel(details, LABELS.address)[0])),
    });
  },

  anchor(doc) {
    return firstMatch(doc, SELECTORS.anchor);
  },
};
