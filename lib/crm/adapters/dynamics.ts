import type { CrmAdapter } from '../adapter';
import {
  buildContext, deepQueryAll, firstMatch, firstText, makeAddress, normalizeText, parseAddress, stripSalutation,
  uniqueEmails, valueOf,
} from '../dom';

/**
 * Dynamics 365 (Unified Interface) contact, account and lead forms:
 * `https://<org>.crm<N>.dynamics.com/main.aspx?appid=…&pagetype=entityrecord&etn=contact&id=<guid>`.
 *
 * DOM (CRM_NOTES.md, Microsoft EasyRepro — Microsoft's own UI test framework — and toggl dynamics-365.js):
 * `[data-id='editFormRoot']` is the form, `[data-id='header_title']` the record name, and each field is an input
 * whose data-id starts with `<logical name>.fieldControl` (e.g. `emailaddress1.fieldControl-mail-text-input`); the
 * value is the input's `value`, not text. Lookups render `div[data-id='<name>.fieldControl-Lookup_<name>']`.
 */
const field = (logicalName: string): string => `[data-id^="${logicalName}.fieldControl"]`;

const SELECTORS = {
  form: ["[data-id='editFormRoot']"],
  title: ["[data-id='header_title']", '#headerContainer h1'],
  emails: ['emailaddress1', 'emailaddress2', 'emailaddress3'].map(field),
  phones: ['telephone1', 'mobilephone', 'telephone2'].map(field),
  /** The lookup's selected record: EasyRepro reads `[data-id*='selected_tag_text']` inside the lookup. */
  parentLookup: (name: string) =>
    `div[data-id='${name}.fieldControl-Lookup_${name}'] [data-id*='selected_tag_text'], div[data-id='${name}.fieldControl-Lookup_${name}'] ul li`,
  companyText: field('companyname'),
  address: {
    line1: field('address1_line1'),
    line2: field('address1_line2'),
    city: field('address1_city'),
    region: field('address1_stateorprovince'),
    postalCode: field('address1_postalcode'),
    country: field('address1_country'),
    composite: field('address1_composite'),
  },
  anchor: ["[data-id='header_title']", "[data-id='editFormRoot']"],
} as const;

const OBJECTS = { contact: 'person', lead: 'person', account: 'company' } as const;
const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const HOST = /^([a-z0-9-]+\.crm\d*)\.dynamics\.com$/i;

/** "Jane Doe - Saved" / "Jane Doe- Unsaved": the header title carries the form's save state. */
function cleanTitle(title: string | null): string | null {
  return normalizeText(title?.replace(/\s*-\s*(?:Saved|Unsaved|Read-only)\s*$/i, ''));
}

export const dynamics: CrmAdapter = {
  id: 'dynamics',
  label: 'Dynamics 365',
  matches: ['https://*.dynamics.com/*'],

  matchUrl(url) {
    const host = HOST.exec(url.hostname);
    const params = url.searchParams;
    const etn = params.get('etn')?.toLowerCase();
    const id = GUID.exec(params.get('id') ?? '')?.[1];
    if (!host?.[1] || params.get('pagetype')?.toLowerCase() !== 'entityrecord' || !id || !etn) return null;
    if (!(etn in OBJECTS)) return null;
    return { kind: OBJECTS[etn as keyof typeof OBJECTS], object: etn, id: id.toLowerCase(), tenant: host[1].toLowerCase() };
  },

  read(doc, route) {
    const form = firstMatch(doc, SELECTORS.form);
    if (!form) return null;
    const title = cleanTitle(firstText(doc, SELECTORS.title));
    if (!title) return null; // form shell rendered, record not loaded yet
    const emails = SELECTORS.emails.flatMap((selector) => deepQueryAll(form, selector).map(valueOf));
    const phone = SELECTORS.phones.map((selector) => firstText(form, [selector])).find(Boolean) ?? null;
    const lookup = route.object === 'contact' ? SELECTORS.parentLookup('parentcustomerid') : SELECTORS.parentLookup('parentaccountid');
    const a = SELECTORS.address;
    const part = (selector: string): string | null => firstText(form, [selector]);
    return buildContext('dynamics', route, {
      name: route.kind === 'person' ? stripSalutation(title) : title,
      emails: uniqueEmails(emails),
      companyName: route.kind === 'company' ? title : (firstText(form, [lookup]) ?? part(SELECTORS.companyText)),
      phone,
      address:
        makeAddress({
          line1: part(a.line1),
          line2: part(a.line2),
          city: part(a.city),
          region: part(a.region),
          postalCode: part(a.postalCode),
          country: part(a.country),
        }) ?? parseAddress(part(a.composite)),
    });
  },

  anchor(doc) {
    return firstMatch(doc, SELECTORS.anchor);
  },
};
