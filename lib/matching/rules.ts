/**
 * Matching rules as the user may configure them (options page). Until the options engineer reports their storage
 * key, the panel side reads MATCHING_RULES_KEY from storage.local in this shape and falls back to the defaults.
 */
export const MATCH_RULE_IDS = ['email', 'company-name', 'person-name', 'domain'] as const;
export type MatchRuleId = (typeof MATCH_RULE_IDS)[number];

export interface MatchingRules {
  /** Evaluated in this order after the manual link (which always wins: a person chose it). */
  order: MatchRuleId[];
  /** A rule switched off is skipped. */
  enabled: Record<MatchRuleId, boolean>;
  /** Extra free-mail domains (never used for domain suggestions), added to the built-in list. */
  extraFreeMailDomains: string[];
}

export const MATCHING_RULES_KEY = 'ledgerlens.matchingRules';

export const DEFAULT_MATCHING_RULES: MatchingRules = {
  order: [...MATCH_RULE_IDS],
  enabled: { email: true, 'company-name': true, 'person-name': true, domain: true },
  extraFreeMailDomains: [],
};

/** Tolerant read of a stored value: unknown ids dropped, missing ones appended, bad shapes → defaults. */
export function parseMatchingRules(value: unknown): MatchingRules {
  if (typeof value !== 'object' || value === null) return DEFAULT_MATCHING_RULES;
  const raw = value as Partial<Record<keyof MatchingRules, unknown>>;
  const known = (id: unknown): id is MatchRuleId => MATCH_RULE_IDS.includes(id as MatchRuleId);
  const order = Array.isArray(raw.order) ? [...new Set(raw.order.filter(known))] : [];
  for (const id of MATCH_RULE_IDS) if (!order.includes(id)) order.push(id);
  const enabled = { ...DEFAULT_MATCHING_RULES.enabled };
  if (typeof raw.enabled === 'object' && raw.enabled !== null) {
    for (const [id, on] of Object.entries(raw.enabled)) if (known(id) && typeof on === 'boolean') enabled[id] = on;
  }
  const extra = Array.isArray(raw.extraFreeMailDomains)
    ? raw.extraFreeMailDomains.filter((d): d is string => typeof d === 'string').map((d) => d.trim().toLowerCase())
    : [];
  return { order, enabled, extraFreeMailDomains: extra };
}
