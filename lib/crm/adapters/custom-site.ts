import type { CrmAdapter } from '../adapter';
import { buildContext, emailsFrom, firstMatch, firstText, normalizeText, type ContextFields } from '../dom';
import { pageRoute, readGenericFields } from './generic';

/**
 * A site the user describes in the options page: a URL pattern and, optionally, where the name, e-mails and
 * company are on its pages. Every selector left out is read the generic way (JSON-LD, microdata, vCard, mailto),
 * so a pattern alone already works on most in-house tools. Selectors may pierce open shadow roots with ` >>> `.
 */
export interface CustomSiteConfig {
  /** Stable id, used in record keys: keep it when the user edits the site. */
  id: string;
  label: string;
  /** A WebExtension match pattern, e.g. `https://crm.example.com/clients/*`. */
  urlPattern: string;
  emailSelector?: string;
  nameSelector?: string;
  companySelector?: string;
}

/**
 * The RegExp a WebExtension match pattern denotes (`<all_urls>`, `*://*.host/path*`); ports are ignored, as browsers
 * do. https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/Match_patterns
 * Throws on an invalid pattern so the options page can say so when the user saves it.
 */
export function matchPatternToRegExp(pattern: string): RegExp {
  if (pattern === '<all_urls>') return /^(?:https?|file|ftp):\/\//;
  const m = /^(\*|https?|file|ftp):\/\/(\*|\*\.[^/*]+|[^/*]+)?(\/.*)$/.exec(pattern.trim());
  if (!m) throw new Error(`Not a match pattern: ${pattern}`);
  const [, scheme = '', host = '', path = ''] = m;
  const esc = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const schemeRe = scheme === '*' ? 'https?' : esc(scheme);
  let hostRe: string;
  if (host === '*') hostRe = '[^/:]+';
  else if (host.startsWith('*.')) hostRe = `(?:[^/:]+\\.)?${esc(host.slice(2))}`;
  else hostRe = esc(host);
  const pathRe = path.split('*').map(esc).join('.*');
  return new RegExp(`^${schemeRe}://${hostRe}(?::\\d+)?${pathRe}$`, 'i');
}

export function createCustomSiteAdapter(config: CustomSiteConfig): CrmAdapter {
  const pattern = matchPatternToRegExp(config.urlPattern);
  const selectorsGiven = [config.nameSelector, config.emailSelector, config.companySelector].filter(
    (s): s is string => !!s,
  );
  return {
    id: config.id,
    label: config.label,
    matches: [config.urlPattern],

    matchUrl(url) {
      // Match patterns do not see the fragment; the port is ignored.
      const bare = `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
      return pattern.test(bare) ? pageRoute(url) : null;
    },

    read(doc, route) {
      const generic = readGenericFields(doc);
      const name = config.nameSelector ? firstText(doc, [config.nameSelector]) : (generic?.name ?? null);
      const emails = config.emailSelector ? emailsFrom(doc, config.emailSelector) : (generic?.emails ?? []);
      const companyName = config.companySelector
        ? firstText(doc, [config.companySelector])
        : (generic?.companyName ?? null);
      if (!normalizeText(name) && emails.length === 0) return null; // not rendered yet, or not a record
      const fields: ContextFields = {
        kind: generic?.kind ?? 'person',
        name,
        emails,
        companyName,
        phone: generic?.phone ?? null,
        address: generic?.address ?? null,
      };
      return buildContext(config.id, route, fields);
    },

    anchor(doc) {
      return selectorsGiven.length > 0 ? firstMatch(doc, selectorsGiven) : null;
    },
  };
}
