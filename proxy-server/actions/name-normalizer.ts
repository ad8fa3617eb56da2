/**
 * Duplicate detection by name (issue 4 §7; api-facts.md Complaints §2): two names are the same customer when they
 * differ only in case, accents, punctuation, "&" vs "and", a leading "The", or a legal suffix ("Acme, Inc." =
 * "ACME Inc" = "Acme"). Person names written "Family, Given" also match "Given Family" (sorted-token comparison).
 */
const LEGAL_SUFFIXES = new Set([
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'corp', 'corporation', 'co', 'company', 'plc', 'pty',
  'gmbh', 'ag', 'kg', 'sa', 'sarl', 'sas', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'aps', 'kk', 'pllc', 'pc',
]);

/** Lower-case words, accents and punctuation gone ("O'Brien" → "obrien": apostrophes join, other marks split). */
function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** The comparable form of a customer or company name; '' when nothing is left. */
export function normalizeName(name: string): string {
  const list = words(name);
  // Strip legal suffixes from the end ("Acme Holdings Pty Ltd" → "acme holdings"), but never the only word.
  while (list.length > 1 && LEGAL_SUFFIXES.has(list[list.length - 1] as string)) list.pop();
  if (list.length > 1 && list[0] === 'the') list.shift();
  return list.join(' ');
}

/** Same customer name? Exact normalized match, or the same words in another order ("Doe, Jane" / "Jane Doe"). */
export function sameName(a: string, b: string): boolean {
  const x = normalizeName(a);
  const y = normalizeName(b);
  if (x === '' || y === '') return false;
  if (x === y) return true;
  return x.split(' ').sort().join(' ') === y.split(' ').sort().join(' ');
}

/**
 * The word to ask the provider for (QBO `DisplayName LIKE '%word%'`): the longest word of the name as written that
 * survives normalization — an original-spelling word, because the provider compares raw text ("Amy's" would not
 * match "amys"). null when the name has no usable word.
 */
export function searchToken(name: string): string | null {
  const normalized = new Set(normalizeName(name).split(' '));
  const raw = name.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2 && normalized.has(words(w).join('')));
  raw.sort((p, q) => q.length - p.length);
  return raw[0] ?? null;
}
