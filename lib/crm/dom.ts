import type { Address, RecordContext } from '../model';
import type { RecordRoute } from './adapter';

/**
 * DOM reading shared by the CRM adapters. Everything here is a pure function of the nodes it is given: no globals
 * (no `document`, no `window`), no timers, and no `instanceof` against realm globals — the content script, happy-dom
 * and fixtures parsed by DOMParser each bring their own realm, so node kinds are told apart by `nodeType`/`tagName`.
 *
 * Selectors are plain CSS plus one extension borrowed from Puppeteer: ` >>> ` is a deep-descendant combinator that
 * crosses OPEN shadow-root boundaries (`div[data-x] >>> lightning-formatted-email`). Each step is searched in the
 * light DOM and in every open shadow root below the previous step's matches. That is how Playwright's CSS engine
 * pierces, which is where the Salesforce evidence in CRM_NOTES.md comes from; closed shadow roots stay unreadable.
 */

type Scope = Document | Element | DocumentFragment;

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;
const DOCUMENT_FRAGMENT_NODE = 11;

/** Elements whose text is never what a user reads as a record's field. */
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SVG']);
/** Elements that end a line when text is flattened (addresses keep their line structure). */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER',
  'FOOTER', 'LI', 'OL', 'P', 'SECTION', 'TABLE', 'TD', 'TH', 'TR', 'UL',
]);

function isElement(node: Node): node is Element {
  return node.nodeType === ELEMENT_NODE;
}

/** Every element below `scope` in composed order: an element, then its open shadow tree, then its light children. */
function* composedElements(scope: Scope | ShadowRoot): Generator<Element> {
  if (isElement(scope) && scope.shadowRoot) yield* composedElements(scope.shadowRoot);
  for (const child of Array.from(scope.children)) {
    yield child;
    yield* composedElements(child);
  }
}

/** All matches of a (possibly ` >>> `-piercing) selector below `scope`, in composed order, without duplicates. */
export function deepQueryAll(scope: Scope, selector: string): Element[] {
  const steps = selector.split('>>>').map((s) => s.trim()).filter(Boolean);
  let current: Scope[] = [scope];
  for (const step of steps) {
    const next = new Set<Element>();
    for (const root of current) {
      for (const el of composedElements(root)) if (el.matches(step)) next.add(el);
    }
    current = [...next];
  }
  return current.filter(isElement);
}

export function deepQuery(scope: Scope, selector: string): Element | null {
  return deepQueryAll(scope, selector)[0] ?? null;
}

/** First match of the first selector (in priority order) that matches anything: selector lists are fallbacks. */
export function firstMatch(scope: Scope, selectors: readonly string[]): Element | null {
  for (const selector of selectors) {
    const found = deepQuery(scope, selector);
    if (found) return found;
  }
  return null;
}

/** Collapses whitespace (incl. NBSP and zero-width characters) and trims; null when nothing is left. */
export function normalizeText(text: string | null | undefined): string | null {
  if (text == null) return null;
  const clean = text.replace(/[\u200B-\u200D\uFEFF]/g, '').replace(/[\s\u00A0]+/g, ' ').trim();
  return clean === '' ? null : clean;
}

/** The light-DOM nodes a <slot> inside a shadow root shows (happy-dom and old engines lack assignedNodes). */
function slottedNodes(slot: Element): Node[] {
  const root = slot.getRootNode();
  if (root.nodeType !== DOCUMENT_FRAGMENT_NODE || !('host' in root)) return [];
  const host = (root as ShadowRoot).host;
  const name = slot.getAttribute('name') ?? '';
  return Array.from(host.childNodes).filter((node) =>
    isElement(node) ? (node.getAttribute('slot') ?? '') === name : name === '' && node.nodeType === TEXT_NODE,
  );
}

/**
 * The text a user sees in `node`, reading through open shadow roots and their slots (textContent stops at a
 * shadow host, which is where Lightning renders every value). Block elements and <br> end lines. `joiner` goes
 * between sibling nodes: '\n' keeps neighbouring chips apart ("a@x.com" + "b@y.com" must not become one address).
 */
export function composedText(node: Node, joiner = ''): string {
  const text = (child: Node): string => composedText(child, joiner);
  if (node.nodeType === TEXT_NODE) return node.textContent ?? '';
  if (isElement(node)) {
    const tag = node.tagName.toUpperCase();
    if (SKIPPED_TAGS.has(tag)) return '';
    if (tag === 'BR') return '\n';
    if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return (node as HTMLInputElement).value ?? '';
    let inner: string;
    if (tag === 'SLOT') {
      const assigned = slottedNodes(node);
      inner = (assigned.length > 0 ? assigned : Array.from(node.childNodes)).map(text).join(joiner);
    } else if (node.shadowRoot) {
      inner = Array.from(node.shadowRoot.childNodes).map(text).join(joiner);
    } else {
      inner = Array.from(node.childNodes).map(text).join(joiner);
    }
    return BLOCK_TAGS.has(tag) ? `\n${inner}\n` : inner;
  }
  if (node.nodeType === DOCUMENT_NODE || node.nodeType === DOCUMENT_FRAGMENT_NODE) {
    return Array.from(node.childNodes).map(text).join(joiner);
  }
  return '';
}

/** Normalised visible text of an element (or null when empty or absent). */
export function textOf(el: Element | null | undefined): string | null {
  return el ? normalizeText(composedText(el)) : null;
}

/** The element's text split into normalised, non-empty lines (for addresses). */
export function linesOf(el: Element | null | undefined): string[] {
  if (!el) return [];
  return composedText(el)
    .split('\n')
    .map((line) => normalizeText(line))
    .filter((line): line is string => line !== null);
}

/** Value of a form control, else visible text: CRMs in edit-in-place mode render fields as inputs. */
export function valueOf(el: Element | null | undefined): string | null {
  if (!el) return null;
  const tag = el.tagName.toUpperCase();
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') {
    return normalizeText((el as HTMLInputElement).value ?? el.getAttribute('value'));
  }
  return textOf(el);
}

/** "Ms. Jane Doe" → "Jane Doe": CRMs render the salutation into the name; ledgers rarely store it. */
export function stripSalutation(name: string | null): string | null {
  return name ? normalizeText(name.replace(/^(?:mr|mrs|ms|miss|mx|dr|prof)\.?\s+/i, '')) : null;
}

/** Text of the first selector that yields non-empty text. */
export function firstText(scope: Scope, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    for (const el of deepQueryAll(scope, selector)) {
      const text = valueOf(el);
      if (text) return text;
    }
  }
  return null;
}

// --- e-mail ---------------------------------------------------------------------------------------------------

const EMAIL_SHAPE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]{2,}$/;
const EMAIL_IN_TEXT = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/**
 * One address from a mailto href, an input value or a text fragment: strips `mailto:`, `?subject=…`,
 * percent-encoding, quotes and `Name <addr>` wrapping. Null when what is left is not an address.
 */
export function cleanEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim().replace(/^mailto:/i, '').split('?')[0] ?? '';
  try {
    value = decodeURIComponent(value);
  } catch {
    // A stray % in a hand-typed address: keep the raw text.
  }
  const angled = /<([^>]+)>/.exec(value);
  if (angled?.[1]) value = angled[1];
  value = value.trim().replace(/^["']+|["'.,;]+$/g, '');
  return EMAIL_SHAPE.test(value) ? value : null;
}

/**
 * Cleaned addresses in first-seen order, de-duplicated case-insensitively keeping the first spelling (as
 * HubSpot's CRM emails need); mailto hrefs may hold several, comma-separated.
 */
export function uniqueEmails(values: Iterable<string | null | undefined>): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    for (const part of (value ?? '').split(/[,;]/)) {
      const email = cleanEmail(part);
      if (email && !seen.has(email.toLowerCase())) seen.set(email.toLowerCase(), email);
    }
  }
  return [...seen.values()];
}

/** Addresses appearing in free text. */
export function emailsInText(text: string | null | undefined): string[] {
  return uniqueEmails(text?.match(EMAIL_IN_TEXT) ?? []);
}

/** Addresses from `mailto:` links below `scope` (through open shadow roots). */
export function mailtoEmails(scope: Scope, selector = 'a[href^="mailto:" i]'): string[] {
  return uniqueEmails(deepQueryAll(scope, selector).map((a) => a.getAttribute('href')));
}

/**
 * Addresses shown by the elements `selector` matches: their mailto links, input values, or the address in their
 * text (CRMs often render an address as a button that opens their own composer, with no mailto at all).
 */
export function emailsFrom(scope: Scope, selector: string): string[] {
  const found: string[] = [];
  for (const el of deepQueryAll(scope, selector)) found.push(...emailsOfElement(el));
  return uniqueEmails(found);
}

export function emailsOfElement(el: Element): string[] {
  const own = el.matches('a[href^="mailto:" i]') ? uniqueEmails([el.getAttribute('href')]) : [];
  const links = [...own, ...mailtoEmails(el)];
  return links.length > 0 ? uniqueEmails(links) : emailsInText(composedText(el, '\n') || valueOf(el));
}

/** Every address below `el`: mailto links and addresses written as text, both (a contacts list mixes them). */
export function allEmailsIn(el: Element | null | undefined): string[] {
  if (!el) return [];
  return uniqueEmails([...mailtoEmails(el), ...emailsInText(composedText(el, '\n'))]);
}

// --- phone ----------------------------------------------------------------------------------------------------

/** A phone number as displayed; tel: hrefs are decoded. Null unless it has at least five digits. */
export function cleanPhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.replace(/^tel:/i, '');
  try {
    value = decodeURIComponent(value);
  } catch {
    // keep raw
  }
  const text = normalizeText(value);
  return text && (text.match(/\d/g)?.length ?? 0) >= 5 ? text : null;
}

/** First phone shown by the elements `selectors` match (tel: link text, else value). */
export function firstPhone(scope: Scope, selectors: readonly string[]): string | null {
  for (const selector of selectors) {
    for (const el of deepQueryAll(scope, selector)) {
      const tel = el.matches('a[href^="tel:" i]') ? el : deepQuery(el, 'a[href^="tel:" i]');
      const phone = cleanPhone(valueOf(tel ?? el)) ?? cleanPhone(tel?.getAttribute('href'));
      if (phone) return phone;
    }
  }
  return null;
}

// --- label → value (for CRMs without DOM evidence) --------------------------------------------------------------

function labelKey(text: string | null): string {
  return (text ?? '').toLowerCase().replace(/[:*]+$/, '').trim();
}

/**
 * The value elements shown next to a visible label ("Email", "Phone", …): `<label for>`→control, otherwise the
 * label's next sibling (`<dt>`→`<dd>`, `<th>`→`<td>`, climbing at most two wrappers when the label has none).
 * This is the tolerant reading for CRMs whose markup is unverified (GAP in CRM_NOTES): labels are what users read,
 * so they survive class-name churn better than class names do.
 */
export function valuesByLabel(scope: Scope, labels: readonly string[]): Element[] {
  const wanted = new Set(labels.map((l) => l.toLowerCase()));
  const values: Element[] = [];
  for (const el of deepQueryAll(scope, 'label, dt, th, span, div, p, h3, h4')) {
    if (el.children.length > 1) continue;
    if (!wanted.has(labelKey(textOf(el)))) continue;
    const forId = el.tagName.toUpperCase() === 'LABEL' ? el.getAttribute('for') : null;
    if (forId) {
      const root = el.getRootNode() as Document | ShadowRoot;
      const control = root.querySelector(`#${cssEscapeId(forId)}`);
      if (control) values.push(control);
      continue;
    }
    let cursor: Element | null = el;
    for (let depth = 0; cursor && depth < 3; depth += 1, cursor = cursor.parentElement) {
      const sibling: Element | null = cursor.nextElementSibling;
      if (sibling) {
        values.push(sibling);
        break;
      }
    }
  }
  return values;
}

/** Minimal CSS.escape for ids (CSS.escape is a window global, which adapters must not rely on). */
function cssEscapeId(id: string): string {
  return id.replace(/([^A-Za-z0-9_-])/g, '\\$1');
}

export function textByLabel(scope: Scope, labels: readonly string[]): string | null {
  for (const el of valuesByLabel(scope, labels)) {
    const text = valueOf(el);
    if (text) return text;
  }
  return null;
}

export function emailsByLabel(scope: Scope, labels: readonly string[]): string[] {
  return uniqueEmails(valuesByLabel(scope, labels).flatMap(emailsOfElement));
}

/** First phone shown next to one of the labels (a tel: link's text, else the value). */
export function phoneByLabel(scope: Scope, labels: readonly string[]): string | null {
  for (const el of valuesByLabel(scope, labels)) {
    const tel = el.matches('a[href^="tel:" i]') ? el : deepQuery(el, 'a[href^="tel:" i]');
    const phone = cleanPhone(valueOf(tel ?? el)) ?? cleanPhone(tel?.getAttribute('href'));
    if (phone) return phone;
  }
  return null;
}

/**
 * The container of a titled section ("Contacts", "Addresses"): a section/region labelled so, or the nearest
 * section/region/article around a heading with that text (a trailing count "(3)" is ignored). Scoping to it keeps
 * e-mails from the activity feed or the signed-in user out.
 */
export function sectionsByHeading(scope: Scope, headings: readonly string[]): Element[] {
  const wanted = new Set(headings.map((h) => h.toLowerCase()));
  const found = new Set<Element>();
  for (const el of deepQueryAll(scope, 'section[aria-label], [role="region"][aria-label]')) {
    if (wanted.has(labelKey(el.getAttribute('aria-label')))) found.add(el);
  }
  for (const heading of deepQueryAll(scope, 'h1, h2, h3, h4, h5, h6, [role="heading"], legend')) {
    if (!wanted.has(labelKey(textOf(heading)).replace(/\s*\(\d+\)$/, ''))) continue;
    const container = heading.closest('section, [role="region"], article, aside, fieldset') ?? heading.parentElement;
    if (container) found.add(container);
  }
  return [...found];
}

// --- address --------------------------------------------------------------------------------------------------

/** An Address from parts; null when every part is empty. */
export function makeAddress(parts: Partial<Record<keyof Address, string | null | undefined>>): Address | null {
  const address: Address = {
    line1: normalizeText(parts.line1),
    line2: normalizeText(parts.line2),
    city: normalizeText(parts.city),
    region: normalizeText(parts.region),
    postalCode: normalizeText(parts.postalCode),
    country: normalizeText(parts.country),
  };
  return Object.values(address).some((v) => v !== null) ? address : null;
}

/** "City, ST 12345" (US/CA), "Sydney NSW 2000" (AU), "75008 Paris" (EU), "London SW1A 1AA" (UK), "City, Region". */
const LOCALITY_PATTERNS: readonly { re: RegExp; city: number; region?: number; postal?: number }[] = [
  { re: /^(.+?),\s*([A-Za-z][A-Za-z .]*?)\s+([A-Z0-9][A-Z0-9 -]{2,9})$/, city: 1, region: 2, postal: 3 },
  { re: /^(.+?)\s+([A-Z]{2,3})\s+(\d{4,5})$/, city: 1, region: 2, postal: 3 },
  { re: /^(\d{4,5}(?:-\d{3})?)\s+(.+)$/, city: 2, postal: 1 },
  { re: /^(.+?)\s+([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})$/, city: 1, postal: 2 },
  { re: /^(.+?),\s*([A-Za-z][A-Za-z .]+)$/, city: 1, region: 2 },
];

/**
 * Best-effort split of a displayed postal address (one entry per line, or one comma-separated line) into fields.
 * The street stays in line1 even when the locality is not recognised, so nothing the user sees is lost.
 */
export function parseAddress(input: readonly string[] | string | null | undefined): Address | null {
  if (!input) return null;
  let lines = (typeof input === 'string' ? input.split('\n') : [...input])
    .map((l) => normalizeText(l))
    .filter((l): l is string => l !== null);
  if (lines.length === 1 && lines[0]?.includes(',')) {
    const parts = lines[0].split(',').map((p) => p.trim()).filter(Boolean);
    // "1 Main St, Springfield, IL 62704, USA" → street, "Springfield, IL 62704", country
    const country = parts.length >= 4 || (parts.length === 3 && !/\d/.test(parts[2] ?? '')) ? parts.pop() : undefined;
    const street = parts.shift();
    lines = [street ?? '', parts.join(', '), ...(country ? [country] : [])].filter(Boolean);
  }
  if (lines.length === 0) return null;
  let country: string | null = null;
  const last = lines[lines.length - 1] ?? '';
  if (lines.length >= 3 && !/\d/.test(last) && !last.includes(',')) {
    country = last;
    lines = lines.slice(0, -1);
  }
  for (let i = lines.length - 1; i >= 1; i -= 1) {
    const line = lines[i] ?? '';
    for (const pattern of LOCALITY_PATTERNS) {
      const m = pattern.re.exec(line);
      if (!m) continue;
      return makeAddress({
        line1: lines[0],
        line2: lines.slice(1, i).join(', ') || null,
        city: m[pattern.city],
        region: pattern.region ? m[pattern.region] : null,
        postalCode: pattern.postal ? m[pattern.postal] : null,
        country,
      });
    }
  }
  return makeAddress({ line1: lines[0], line2: lines.slice(1).join(', ') || null, country });
}

// --- record context -------------------------------------------------------------------------------------------

/** `${crm}:${tenant}:${object}:${id}` — the key links and caches are stored under (RecordContext.recordKey). */
export function recordKeyOf(crm: string, route: RecordRoute): string {
  return `${crm}:${route.tenant}:${route.object}:${route.id}`;
}

export interface ContextFields {
  name?: string | null;
  emails?: readonly string[];
  companyName?: string | null;
  phone?: string | null;
  address?: Address | null;
  kind?: RecordContext['kind'];
}

/** Assembles a RecordContext with every field present (null/[] when unknown) and e-mails de-duplicated. */
export function buildContext(crm: string, route: RecordRoute, fields: ContextFields): RecordContext {
  return {
    crm,
    kind: fields.kind ?? route.kind,
    recordKey: recordKeyOf(crm, route),
    name: normalizeText(fields.name),
    emails: uniqueEmails(fields.emails ?? []),
    companyName: normalizeText(fields.companyName),
    phone: cleanPhone(fields.phone),
    address: fields.address ?? null,
  };
}

/** The subdomain in front of a known suffix (`acme.pipedrive.com` → `acme`), or null for other hosts. */
export function subdomainOf(hostname: string, suffix: string): string | null {
  const host = hostname.toLowerCase();
  if (!host.endsWith(`.${suffix}`)) return null;
  const sub = host.slice(0, -suffix.length - 1);
  return sub === '' ? null : sub;
}
