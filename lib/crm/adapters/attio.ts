import type { Address } from '../../model';
import type { CrmAdapter } from '../adapter';
import {
  buildContext, emailsByLabel, firstMatch, firstText, linesOf, makeAddress, parseAddress, phoneByLabel,
  textByLabel, valuesByLabel,
} from '../dom';

/**
 * Attio person and company records: `app.attio.com/<workspace-slug>/<object>/record/<record_id>` (the API's
 * `web_url`, CRM_NOTES.md), optionally followed by a tab (`/overview`, `/emails`). The object appears as
 * `person`/`people` or `company`/`companies`; both spellings give one record key.
 *
 * DOM: GAP in CRM_NOTES.md. Every selector here is UNVERIFIED, designed from the public UI: the record name as
 * the heading and an attributes panel of labelled values ("Email addresses" — several —, "Phone numbers",
 * "Company", "Primary location"; companies: "Domains").
 */
const SELECTORS = {
  name: ['[data-testid="record-name"]', 'main h1'],
  attributes: ['[data-testid="record-attributes"]', '[aria-label="Record details"]', 'main'],
  anchor: ['[data-testid="record-name"]', 'main h1'],
} as const;

const LABELS = {
  email: ['Email addresses', 'Email address', 'Email'],
  phone: ['Phone numbers', 'Phone number'],
  company: ['Company'],
  location: ['Primary location', 'Location'],
};

const OBJECTS: Record<string, 'person' | 'company'> = {
  person: 'person', people: 'person', company: 'company', companies: 'company',
};
const RECORD_PATH = /^\/([^/]+)\/(person|people|company|companies)\/record\/([A-Za-z0-9-]+)(?:\/.*)?$/;

/**
 * Attio's location attribute is often a place, not a postal address ("Paris, Île-de-France"): one line without
 * digits is read as city, region, country; anything else as a postal address.
 */
function locationOf(lines: string[]): Address | null {
  const [only] = lines;
  if (lines.length !== 1 || !only || /\d/.test(only)) return parseAddress(lines);
  const [city, region, country] = only.split(',').map((part) => part.trim());
  return makeAddress({ city, region, country });
}

export const attio: CrmAdapter = {
  id: 'attio',
  label: 'Attio',
  matches: ['https://app.attio.com/*'],

  matchUrl(url) {
    if (url.hostname.toLowerCase() !== 'app.attio.com') return null;
    const m = RECORD_PATH.exec(url.pathname);
    const kind = m?.[2] ? OBJECTS[m[2]] : undefined;
    if (!m?.[1] || !m[3] || !kind) return null;
    return { kind, object: kind, id: m[3].toLowerCase(), tenant: m[1] };
  },

  read(doc, route) {
    const name = firstText(doc, SELECTORS.name);
    const attributes = firstMatch(doc, SELECTORS.attributes);
    if (!name || !attributes) return null;
    return buildContext('attio', route, {
      name,
      emails: emailsByLabel(attributes, LABELS.email),
      companyName: route.kind === 'company' ? name : textByLabel(attributes, LABELS.company),
      phone: phoneByLabel(attributes, LABELS.phone),
      address: locationOf(linesOf(valuesByLabel(attributes, LABELS.location)[0])),
    });
  },

  anchor(doc) {
    return firstMatch(doc, SELECTORS.anchor);
  },
};
