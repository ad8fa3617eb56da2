import type { CrmAdapter } from '../adapter';
import {
  buildContext, emailsByLabel, firstMatch, firstText, makeAddress, normalizeText, phoneByLabel, textByLabel,
} from '../dom';

/**
 * Zoho CRM record pages: `crm.zoho.{com,eu,in,com.au,jp}/crm/<org>/tab/{Contacts|Accounts|Leads}/<id>`.
 *
 * DOM: GAP in CRM_NOTES.md (only Zoho Connect selectors exist). Every selector here is UNVERIFIED, designed from
 * the product's public UI: a detail view of labelled fields ("Email", "Secondary Email", "Account Name", "Mailing
 * City", …) rendered by Zoho's Lyte/Crux custom elements. Reading goes by those visible labels, so it tolerates
 * markup changes; the few selectors are fallbacks in priority order.
 */
const SELECTORS = {
  detailView: ['crux-detail-view', '#detailView', '[data-zcqa="detailView"]'],
  name: ['[data-zcqa="dv_title"]', '.dv_title', '#detailView h1'],
  anchor: ['[data-zcqa="dv_title"]', '.dv_title'],
} as const;

interface ObjectLabels {
  kind: 'person' | 'company';
  email: string[];
  phone: string[];
  company: string[];
  /** Prefix of the address field labels ("Mailing Street", "Billing City", or none for leads). */
  address: string;
}

const OBJECTS: Record<string, ObjectLabels> = {
  Contacts: { kind: 'person', email: ['Email', 'Secondary Email'], phone: ['Phone', 'Mobile'], company: ['Account Name'], address: 'Mailing' },
  Leads: { kind: 'person', email: ['Email', 'Secondary Email'], phone: ['Phone', 'Mobile'], company: ['Company'], address: '' },
  Accounts: { kind: 'company', email: ['Email', 'Billing Email'], phone: ['Phone'], company: ['Account Name'], address: 'Billing' },
};

const HOSTS = new Set(['crm.zoho.com', 'crm.zoho.eu', 'crm.zoho.in', 'crm.zoho.com.au', 'crm.zoho.jp']);
/** The org segment is absent on some older links (`/crm/tab/Contacts/<id>`). */
const RECORD_PATH = /^\/crm\/(?:(org\d+)\/)?tab\/(Contacts|Accounts|Leads)\/(\d+)\/?$/;

export const zoho: CrmAdapter = {
  id: 'zoho',
  label: 'Zoho CRM',
  matches: [...HOSTS].map((host) => `https://${host}/crm/*`),

  matchUrl(url) {
    if (!HOSTS.has(url.hostname.toLowerCase())) return null;
    const m = RECORD_PATH.exec(url.pathname);
    const object = m?.[2];
    const labels = object ? OBJECTS[object] : undefined;
    if (!m?.[3] || !object || !labels) return null;
    return { kind: labels.kind, object, id: m[3], tenant: m[1] ?? url.hostname.toLowerCase() };
  },

  read(doc, route) {
    const labels = OBJECTS[route.object];
    const view = firstMatch(doc, SELECTORS.detailView);
    if (!labels || !view) return null;
    const name =
      firstText(view, SELECTORS.name) ??
      (route.kind === 'company' ? textByLabel(view, labels.company) : textByLabel(view, ['Full Name', 'Contact Name', 'Lead Name']));
    if (!name) return null; // the Lyte view is still a skeleton
    const part = (field: string): string | null => textByLabel(view, [normalizeText(`${labels.address} ${field}`) ?? field]);
    return buildContext('zoho', route, {
      name,
      emails: emailsByLabel(view, labels.email),
      companyName: route.kind === 'company' ? name : textByLabel(view, labels.company),
      phone: phoneByLabel(view, labels.phone),
      address: makeAddress({
        line1: part('Street'),
        city: part('City'),
        region: part('State'),
        postalCode: part('Zip') ?? part('Code') ?? part('Zip Code'),
        country: part('Country'),
      }),
    });
  },

  anchor(doc) {
    return firstMatch(doc, SELECTORS.anchor);
  },
};
