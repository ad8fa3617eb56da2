/** Matching keys. Providers and CRMs both store emails and names as typed by people; compare them normalized. */

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function normalizeName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Distinct non-empty normalized values. */
export function normalizedSet(values: readonly (string | null | undefined)[], normalize: (v: string) => string): string[] {
  const out = new Set<string>();
  for (const value of values) {
    if (!value) continue;
    const normalized = normalize(value);
    if (normalized) out.add(normalized);
  }
  return [...out];
}
