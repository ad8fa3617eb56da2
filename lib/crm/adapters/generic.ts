import type { CrmAdapter, RecordRoute } from '../adapter';
import type { Address } from '../../model';
import {
  buildContext, cleanPhone, deepQueryAll, linesOf, makeAddress, normalizeText, parseAddress, textOf,
  uniqueEmails, type ContextFields,
} from '../dom';

/**
 * Any page the user enabled in the options page ("sites"): reads who the page is about from the markup that
 * describes people and organisations on the open web, most explicit first:
 * 1. JSON-LD (`<script type="application/ld+json">`, schema.org Person / Organization and their subtypes),
 * 2. microdata (`itemscope itemtype=".../Person|Organization"` with itemprop name/email/telephone/address),
 * 3. vCard-style class names (microformats h-card and the older .vcard: .fn, .email, .tel, .org, .adr),
 * 4. `mailto:` links in the page's content (outside header, nav and footer, which hold the site's own address).
 */
const SELECTORS = {
  jsonLd: 'script[type="application/ld+json"]',
  microdataItem: '[itemscope][itemtype]',
  card: '.h-card, .vcard',
  cardName: ['.p-name', '.fn'],
  cardEmail: '.u-email, .email',
  cardPhone: ['.p-tel', '.tel'],
  cardOrg: ['.p-org', '.org'],
  cardAdr: '.p-adr, .h-adr, .adr',
  /** Site chrome whose mailto links are the site's own contact address, not the record's. */
  chrome: 'header, nav, footer, [role="banner"], [role="navigation"], [role="contentinfo"]',
  heading: 'main h1, [role="main"] h1, article h1, h1',
} as const;

const PERSON_TYPES = new Set(['Person', 'Patient']);
/** Organization and the schema.org subtypes sites actually use for "a company". */
const ORG_TYPES = new Set([
  'Organization', 'Corporation', 'LocalBusiness', 'ProfessionalService', 'Store', 'NGO', 'EducationalOrganization',
  'GovernmentOrganization', 'MedicalOrganization', 'SportsOrganization', 'OnlineBusiness', 'Restaurant',
]);

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function typeName(t: string): string {
  return t.replace(/^https?:\/\/schema\.org\//, '').replace(/^schema:/, '');
}

function kindOfTypes(types: readonly string[]): RecordRoute['kind'] | null {
  const names = types.map(typeName);
  if (names.some((t) => PERSON_TYPES.has(t))) return 'person';
  if (names.some((t) => ORG_TYPES.has(t))) return 'company';
  return null;
}

function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function str(value: Json | undefined): string | null {
  for (const v of asArray(value)) {
    if (typeof v === 'string' || typeof v === 'number') return normalizeText(String(v));
    if (v && typeof v === 'object' && !Array.isArray(v) && 'name' in v) return str(v.name);
  }
  return null;
}

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonLdAddress(value: Json | undefined): Address | null {
  for (const v of asArray(value)) {
    if (typeof v === 'string') return parseAddress(v);
    if (isObject(v)) {
      return makeAddress({
        line1: str(v.streetAddress),
        city: str(v.addressLocality),
        region: str(v.addressRegion),
        postalCode: str(v.postalCode),
        country: str(v.addressCountry),
      });
    }
  }
  return null;
}

/** Flattens arrays and @graph containers into the list of JSON-LD nodes. */
function jsonLdNodes(value: Json): JsonObject[] {
  if (Array.isArray(value)) return value.flatMap(jsonLdNodes);
  if (!isObject(value)) return [];
  const graph = value['@graph'];
  return [value, ...(graph ? jsonLdNodes(graph) : [])];
}

function fromJsonLd(doc: Document): ContextFields | null {
  for (const script of Array.from(doc.querySelectorAll(SELECTORS.jsonLd))) {
    let data: Json;
    try {
      data = JSON.parse(script.textContent ?? '') as Json;
    } catch {
      continue; // sites ship broken JSON-LD often enough; the next block or source may do
    }
    for (const node of jsonLdNodes(data)) {
      const kind = kindOfTypes(asArray(node['@type']).filter((t): t is string => typeof t === 'string'));
      if (!kind) continue;
      const name =
        str(node.name) ?? normalizeText([str(node.givenName), str(node.familyName)].filter(Boolean).join(' '));
      const employer = str(node.worksFor) ?? str(node.affiliation) ?? str(node.memberOf);
      return {
        kind,
        name,
        emails: asArray(node.email).map((e) => (typeof e === 'string' ? e : null)).filter((e): e is string => !!e),
        companyName: kind === 'company' ? name : employer,
        phone: str(node.telephone),
        address: jsonLdAddress(node.address) ?? jsonLdAddress(node.location),
      };
    }
  }
  return null;
}

/** The itemprop elements that belong to `item` itself (not to an item nested inside it). */
function ownProps(item: Element, prop: string): Element[] {
  return Array.from(item.querySelectorAll(`[itemprop~="${prop}"]`)).filter(
    (el) => el.parentElement?.closest('[itemscope]') === item,
  );
}

function propValue(el: Element): string | null {
  const tag = el.tagName.toUpperCase();
  if (tag === 'META') return normalizeText(el.getAttribute('content'));
  if (tag === 'A' || tag === 'LINK') {
    const href = el.getAttribute('href') ?? '';
    if (/^(mailto|tel):/i.test(href)) return href;
  }
  return el.getAttribute('content') ? normalizeText(el.getAttribute('content')) : textOf(el);
}

function prop(item: Element, name: string): string | null {
  for (const el of ownProps(item, name)) {
    const value = el.hasAttribute('itemscope') ? (prop(el, 'name') ?? textOf(el)) : propValue(el);
    if (value) return value;
  }
  return null;
}

function fromMicrodata(doc: Document): ContextFields | null {
  for (const item of Array.from(doc.querySelectorAll(SELECTORS.microdataItem))) {
    // Only top-level items: a Person's worksFor Organization is read as part of the person.
    if (item.hasAttribute('itemprop') && item.parentElement?.closest('[itemscope]')) continue;
    const kind = kindOfTypes((item.getAttribute('itemtype') ?? '').split(/\s+/).map((t) => t.split('/').pop() ?? ''));
    if (!kind) continue;
    const name =
      prop(item, 'name') ?? normalizeText([prop(item, 'givenName'), prop(item, 'familyName')].filter(Boolean).join(' '));
    const adr = ownProps(item, 'address')[0];
    const address = adr?.hasAttribute('itemscope')
      ? makeAddress({
          line1: prop(adr, 'streetAddress'),
          city: prop(adr, 'addressLocality'),
          region: prop(adr, 'addressRegion'),
          postalCode: prop(adr, 'postalCode'),
          country: prop(adr, 'addressCountry'),
        })
      : parseAddress(linesOf(adr));
    return {
      kind,
      name,
      emails: ownProps(item, 'email').map(propValue).filter((e): e is string => !!e),
      companyName: kind === 'company' ? name : (prop(item, 'worksFor') ?? prop(item, 'affiliation')),
      phone: cleanPhone(prop(item, 'telephone')),
      address,
    };
  }
  return null;
}

function firstIn(card: Element, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    const text = textOf(card.querySelector(selector));
    if (text) return text;
  }
  return null;
}

function fromCard(doc: Document): ContextFields | null {
  const card = doc.querySelector(SELECTORS.card);
  if (!card) return null;
  const emails = Array.from(card.querySelectorAll(SELECTORS.cardEmail)).map(
    (el) => el.getAttribute('href') ?? textOf(el),
  );
  const org = firstIn(card, SELECTORS.cardOrg);
  const name = firstIn(card, SELECTORS.cardName);
  const adr = card.querySelector(SELECTORS.cardAdr);
  const part = (cls: string): string | null => (adr ? textOf(adr.querySelector(`.p-${cls}, .${cls}`)) : null);
  const address = adr
    ? (makeAddress({
        line1: part('street-address'),
        line2: part('extended-address'),
        city: part('locality'),
        region: part('region'),
        postalCode: part('postal-code'),
        country: part('country-name'),
      }) ?? parseAddress(linesOf(adr)))
    : null;
  // An h-card whose name is its organisation is an organisation's card (microformats "fn org" convention).
  const kind = name && org && name === org ? 'company' : 'person';
  return { kind, name: name ?? org, emails: emails.filter((e): e is string => !!e), companyName: org, phone: firstIn(card, SELECTORS.cardPhone), address };
}

/** mailto links outside the site's chrome; the page's main heading as the name. */
function fromMailto(doc: Document): ContextFields | null {
  const emails = contentMailtos(doc);
  if (emails.length === 0) return null;
  return { kind: 'person', name: textOf(doc.querySelector(SELECTORS.heading)), emails };
}

function contentMailtos(doc: Document): string[] {
  const links = deepQueryAll(doc, 'a[href^="mailto:" i]').filter((a) => !a.closest(SELECTORS.chrome));
  return uniqueEmails(links.map((a) => a.getAttribute('href')));
}

/**
 * Who a page is about, from the first source that names someone. Exported for the custom-site adapter, which
 * falls back to it for every selector the user did not give.
 */
export function readGenericFields(doc: Document): ContextFields | null {
  for (const source of [fromJsonLd, fromMicrodata, fromCard, fromMailto]) {
    const fields = source(doc);
    if (!fields || (!fields.name && (fields.emails ?? []).length === 0)) continue;
    // A profile page's structured data often leaves the address out but links it in the content.
    const emails = fields.emails && fields.emails.length > 0 ? fields.emails : contentMailtos(doc);
    return { ...fields, emails: uniqueEmails(emails) };
  }
  return null;
}

/** Record identity of an arbitrary page: its path and query (and a `#/…` SPA route), scoped by host. */
export function pageRoute(url: URL, kind: RecordRoute['kind'] = 'person'): RecordRoute | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const hashRoute = url.hash.startsWith('#/') ? url.hash : '';
  return { kind, object: 'page', id: `${path}${url.search}${hashRoute}`, tenant: url.hostname.toLowerCase() };
}

export const generic: CrmAdapter = {
  id: 'generic',
  label: 'Any website (contact details on the page)',
  // None on purpose: the content script runs this adapter only on sites the user enabled in the options page,
  // registered at run time with that site's pattern (and its optional host permission), never on every page.
  matches: [],

  matchUrl(url) {
    return pageRoute(url);
  },

  read(doc, route) {
    const fields = readGenericFields(doc);
    return fields ? buildContext('generic', route, fields) : null;
  },

  anchor(doc) {
    return doc.querySelector(SELECTORS.card) ?? doc.querySelector(SELECTORS.microdataItem) ?? null;
  },
};
