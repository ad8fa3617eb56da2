import type { Customer, Link, RecordContext } from '../model';
import { recordKey } from '../model';
import { FREE_MAIL_DOMAINS } from './free-mail-domains';
import {
  companyNameKey, distinct, emailDomain, isFreeMailDomain, normalizeEmail, personNameKey, prefixed,
} from './normalize';
import { DEFAULT_MATCHING_RULES, type MatchingRules, type MatchRuleId } from './rules';

/**
 * Where matching looks things up. Pure data access; the background wires it to Dexie (dexie-source.ts), tests to
 * arrays (memorySource). Every argument is already normalized with lib/matching/normalize.ts.
 */
export interface MatchSource {
  linkFor(recordKey: string): Promise<Link | null>;
  customerByKey(customerKey: string): Promise<Customer | null>;
  customersByEmail(emails: readonly string[]): Promise<Customer[]>;
  /** `company:<companyNameKey>` or `person:<personNameKey>` (see nameKeysOf). */
  customersByNameKey(key: string): Promise<Customer[]>;
  customersByDomain(domain: string): Promise<Customer[]>;
  /** A seat's display name, for "Linked manually by …"; optional. */
  seatName?(seatId: string): Promise<string | null>;
}

export type MatchedBy = 'link' | MatchRuleId;
export type MatchStatus = 'matched' | 'ambiguous' | 'suggested' | 'none';

export interface MatchResult {
  status: MatchStatus;
  customers: Customer[];
  matchedBy: MatchedBy | null;
  /** One sentence for the panel: why these customers (or why none). */
  explanation: string;
}

export interface MatchOptions {
  rules?: MatchingRules;
  /** Only customers of these connections count (connections the proxy still lists). */
  connectionIds?: ReadonlySet<string>;
}

/**
 * Who in the accounting mirror is this CRM record? A manual link first, then the rules in the configured order
 * (default: any email, company name, person name, email domain). The first rule with hits decides. Several hits in
 * ONE accounting company are ambiguous (the user chooses, which creates a link); one hit per company across
 * companies (the same client in QuickBooks and Xero) is a match shown side by side. A domain is only ever a
 * suggestion: colleagues share domains, and free-mail domains are never used.
 */
export async function matchRecord(
  context: RecordContext,
  source: MatchSource,
  options: MatchOptions = {},
): Promise<MatchResult> {
  const rules = options.rules ?? DEFAULT_MATCHING_RULES;
  const keep = (customers: readonly Customer[]) => sortCustomers(dedupe(customers.filter((c) => !options.connectionIds || options.connectionIds.has(c.connectionId))));

  const link = await source.linkFor(context.recordKey);
  if (link && (!options.connectionIds || options.connectionIds.has(link.connectionId))) {
    const customer = await source.customerByKey(link.customerKey);
    if (customer) {
      const who = (await source.seatName?.(link.createdBySeatId)) ?? null;
      return {
        status: 'matched',
        customers: [customer],
        matchedBy: 'link',
        explanation: `Linked manually${who ? ` by ${who}` : ''} on ${link.createdAt.slice(0, 10)}.`,
      };
    }
  }

  for (const rule of rules.order) {
    if (!rules.enabled[rule]) continue;
    const hit = await RULES[rule](context, source, rules);
    if (!hit) continue;
    const customers = keep(hit.customers);
    if (customers.length === 0) continue;
    if (rule === 'domain') {
      return { status: 'suggested', customers, matchedBy: rule, explanation: hit.explain(customers.length, false) };
    }
    const ambiguous = hasSeveralInOneCompany(customers);
    return {
      status: ambiguous ? 'ambiguous' : 'matched',
      customers,
      matchedBy: rule,
      explanation: hit.explain(customers.length, ambiguous),
    };
  }
  return { status: 'none', customers: [], matchedBy: null, explanation: noMatchSentence(context) };
}

interface RuleHit {
  customers: Customer[];
  explain(count: number, ambiguous: boolean): string;
}
type Rule = (context: RecordContext, source: MatchSource, rules: MatchingRules) => Promise<RuleHit | null>;

const RULES: Record<MatchRuleId, Rule> = {
  async email(context, source) {
    const emails = distinct(context.emails.map(normalizeEmail));
    if (emails.length === 0) return null;
    const customers = await source.customersByEmail(emails);
    const matched = emails.find((e) => customers.some((c) => c.emails.some((ce) => normalizeEmail(ce) === e)));
    const shown = matched ?? emails[0] ?? '';
    return {
      customers,
      explain: (n, ambiguous) =>
        ambiguous ? `${n} customers share the email ${shown} — choose one.` : `Matched by email ${shown}.`,
    };
  },

  async 'company-name'(context, source) {
    const name = context.kind === 'company' ? (context.name ?? context.companyName) : context.companyName;
    const key = companyNameKey(name);
    if (!key || !name) return null;
    return {
      customers: await source.customersByNameKey(prefixed('company', key) ?? ''),
      explain: (n, ambiguous) =>
        ambiguous ? `${n} customers are named like “${name}” — choose one.` : `Matched by company name “${name}”.`,
    };
  },

  async 'person-name'(context, source) {
    if (context.kind !== 'person') return null;
    const key = personNameKey(context.name);
    if (!key || !context.name) return null;
    const name = context.name;
    return {
      customers: await source.customersByNameKey(prefixed('person', key) ?? ''),
      explain: (n, ambiguous) =>
        ambiguous ? `${n} customers are named “${name}” — choose one.` : `Matched by the name “${name}”.`,
    };
  },

  async domain(context, source, rules) {
    const freeMail = [...FREE_MAIL_DOMAINS, ...rules.extraFreeMailDomains];
    const domains = distinct(context.emails.map(emailDomain)).filter((d) => !isFreeMailDomain(d, freeMail));
    for (const domain of domains) {
      const customers = await source.customersByDomain(domain);
      if (customers.length > 0) {
        return {
          customers,
          explain: (n) =>
            n === 1
              ? `Suggested: this customer uses the email domain ${domain}. Link it if it is the same client.`
              : `Suggested: ${n} customers use the email domain ${domain}. Link the right one.`,
        };
      }
    }
    return null;
  },
};

function hasSeveralInOneCompany(customers: readonly Customer[]): boolean {
  const companies = new Set(customers.map((c) => `${c.provider}:${c.companyId}`));
  return companies.size < customers.length;
}

function dedupe(customers: readonly Customer[]): Customer[] {
  const seen = new Map<string, Customer>();
  for (const c of customers) seen.set(recordKey(c), c);
  return [...seen.values()];
}

function sortCustomers(customers: Customer[]): Customer[] {
  return customers.sort(
    (a, b) => a.provider.localeCompare(b.provider) || a.displayName.localeCompare(b.displayName) || a.id.localeCompare(b.id),
  );
}

function noMatchSentence(context: RecordContext): string {
  const what = context.kind === 'company' ? 'company' : 'contact';
  return context.emails.length > 0
    ? `No customer has this ${what}'s email addresses or name.`
    : `No customer has this ${what}'s name, and the record shows no email address.`;
}
