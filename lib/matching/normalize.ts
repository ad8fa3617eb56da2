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

/** "The Analytical Engines Co., Ltd." → "analytical engines"; null when nothing distinctive is left. */
export function companyNameKey(name: string | null | undefined): string | null {
  if (!name) return null;
  let tokens = foldText(name).split(' ').filter(Boolean);
  if (tokens[0] === 'the' && tokens.length > 1) tokens = tokens.slice(1);
  for (let stripped = true; stripped && tokens.length > 1; ) {
    stripped = false;
    for (const suffix of LEGAL_SUFFIXES) {
      const parts = suffix.split(' ');
      if (tokens.length > parts.length && tokens.slice(-parts.length).join(' ') === suffix) {
        tokens = tokens.slice(0, -parts.length);
        stripped = true;
        break;
      }
    }
  }
  const key = tokens.join(' ');
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
