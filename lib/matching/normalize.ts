import { FREE_MAIL_DOMAINS } from './free-mail-domains';

/**
 * Matching keys. Providers and CRMs store emails and names as people typed them; both sides are compared through
 * these functions only, so the Dexie index (nameKeysOf, domainsOf) and the lookup always agree.
 */

/** "  Ada.Lovelace@Example.COM " → "ada.lovelace@example.com" (whitespace anywhere is a typing accident). */
export function normalizeEmail(email: string): string {
  return email.replace(/\s+/g, '').toLowerCase();
}

/** Lower-case, no diacritics ("Zoë Müller" → "zoe muller"), "&" → "and", punctuation → space, collapsed. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    // Dots and apostrophes join ("A.B.C." → "abc", "O'Neil" → "oneil"); other punctuation separates.
    .replace(/[.'’`]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Legal-form suffixes, as folded token sequences (longest first so "pty ltd" goes before "ltd"). A company is
 * "Acme" whether the ledger says "Acme Pty Ltd" or the CRM says "ACME, Inc.".
 */
export const LEGAL_SUFFIXES: readonly string[] = [
  'pty ltd', 'pty limited', 'proprietary limited', 'co ltd', 'and co', 'and company', 'sdn bhd',
  'incorporated', 'inc', 'llc', 'llp', 'lp', 'ltd', 'limited', 'gmbh', 'mbh', 'ug', 'pty', 'sa', 'sas', 'sarl',
  'srl', 'spa', 'bv', 'nv', 'ag', 'kg', 'oy', 'ab', 'as', 'aps', 'kk', 'co', 'corp', 'corporation', 'company',
  'plc', 'pc', 'pllc', 'se',
].sort((a, b) => b.split(' ').length - a.split(' ').length || b.length - a.length);

/**
 * LEGAL_SUFFIXES as token lists, grouped by their last token and kept in LEGAL_SUFFIXES order: only a suffix ending
 * in the name's last token can match, so companyNameKey tries those alone (the feed computes two company keys per
 * customer; trying all 40 suffixes with a split and a join each was most of a page's index-key time, issue #7 P7).
 */
const SUFFIXES_BY_LAST_TOKEN: ReadonlyMap<string, readonly (readonly string[])[]> = (() => {
  const byLast = new Map<string, string[][]>();
  for (const suffix of LEGAL_SUFFIXES) {
    const parts = suffix.split(' ');
    const last = parts[parts.length - 1]!;
    const list = byLast.get(last);
    if (list) list.push(parts);
    else byLast.set(last, [parts]);
  }
  return byLast;
})();

/** "The Analytical Engines Co., Ltd." → "analytical engines"; null when nothing distinctive is left. */
export function companyNameKey(name: string | null | undefined): string | null {
  if (!name) return null;
  const tokens = foldText(name).split(' ').filter(Boolean);
  const start = tokens[0] === 'the' && tokens.length > 1 ? 1 : 0;
  let end = tokens.length;
  // Strip legal suffixes from the end, the first matching one in LEGAL_SUFFIXES order each time, while more than the
  // suffix would remain.
  for (let stripped = true; stripped && end - start > 1; ) {
    stripped = false;
    for (const parts of SUFFIXES_BY_LAST_TOKEN.get(tokens[end - 1]!) ?? []) {
      if (end - start > parts.length && parts.every((part, i) => tokens[end - parts.length + i] === part)) {
        end -= parts.length;
        stripped = true;
        break;
      }
    }
  }
  const key = tokens.slice(start, end).join(' ');
  return key || null;
}

const SALUTATIONS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame']);

/** Order-insensitive person key: "Lovelace, Ada" and "Dr. Ada Lovelace" → "ada lovelace". Needs two tokens. */
export function personNameKey(...parts: (string | null | undefined)[]): string | null {
  const tokens = foldText(parts.filter(Boolean).join(' '))
    .split(' ')
    .filter((t) => t && !SALUTATIONS.has(t));
  // One word is a first name or a nickname, not a person: too weak to match on.
  if (tokens.length < 2) return null;
  return [...new Set(tokens)].sort().join(' ');
}

/** The domain of an email, lower-cased; null when malformed. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  const domain = at > 0 ? normalizeEmail(email.slice(at + 1)) : '';
  return domain.includes('.') ? domain : null;
}

export function isFreeMailDomain(domain: string, freeMail: readonly string[] = FREE_MAIL_DOMAINS): boolean {
  return freeMail.includes(domain.toLowerCase());
}

/** Distinct non-empty values. */
export function distinct(values: Iterable<string | null | undefined>): string[] {
  return [...new Set([...values].filter((v): v is string => !!v))];
}

/** Name keys a customer is found under: `company:<key>` and `person:<key>` (one multiEntry index for both). */
export function nameKeysOf(customer: {
  displayName: string;
  companyName: string | null;
  givenName: string | null;
  familyName: string | null;
}): string[] {
  return distinct([
    prefixed('company', companyNameKey(customer.companyName)),
    prefixed('company', companyNameKey(customer.displayName)),
    prefixed('person', personNameKey(customer.givenName, customer.familyName)),
    prefixed('person', personNameKey(customer.displayName)),
  ]);
}

/** Business email domains of a customer (free-mail domains left out). */
export function domainsOf(customer: { emails: readonly string[] }, freeMail = FREE_MAIL_DOMAINS): string[] {
  return distinct(customer.emails.map(emailDomain)).filter((d) => !isFreeMailDomain(d, freeMail));
}

export function prefixed(kind: 'company' | 'person', key: string | null): string | null {
  return key ? `${kind}:${key}` : null;
}
