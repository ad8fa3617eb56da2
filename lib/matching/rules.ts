import type { MatchingRules as MatchingPreference, MatchRuleKind } from '../settings';

/**
 * The matcher's compiled form of the user's matching preference. What the user sets is stored ONCE, by the options
 * page, under `ledgerlens.matching` in lib/settings.ts's MatchingRulesSchema (`{ rules: [{ kind, enabled }] }` in
 * priority order); the background reads it with `preferences().matching.get()` and compiles it here for each lookup.
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

/** The settings' rule kinds and the matcher's rule ids (the latter name what is compared, for the explanations). */
const RULE_OF_KIND: Record<MatchRuleKind, MatchRuleId> = {
  email: 'email',
  company: 'company-name',
  person: 'person-name',
  domain: 'domain',
};

export const DEFAULT_MATCHING_RULES: MatchingRules = {
  order: [...MATCH_RULE_IDS],
  enabled: { email: true, 'company-name': true, 'person-name': true, domain: true },
  extraFreeMailDomains: [],
};

/**
 * Compiles the stored preference: its order and switches; a kind it does not list is appended with its default (so
 * a rule added in a later version is not silently off for users who saved their rules before).
 */
export function compileMatchingRules(preference: MatchingPreference | null | undefined): MatchingRules {
  if (!preference) return DEFAULT_MATCHING_RULES;
  const order: MatchRuleId[] = [];
  const enabled = { ...DEFAULT_MATCHING_RULES.enabled };
  for (const { kind, enabled: on } of preference.rules) {
    const id = RULE_OF_KIND[kind];
    if (!id || order.includes(id)) continue;
    order.push(id);
    enabled[id] = on;
  }
  for (const id of MATCH_RULE_IDS) if (!order.includes(id)) order.push(id);
  return { order, enabled, extraFreeMailDomains: [] };
}
