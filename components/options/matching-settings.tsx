import type { MatchingRules, MatchRuleKind } from '@/lib/settings';

const LABEL: Record<MatchRuleKind, string> = {
  email: 'Email address',
  company: 'Company name',
  person: 'Person name',
  domain: 'Email domain',
};

/** Matching signals in priority order, each on/off (read by the panel's matcher from `ledgerlens.matching`). */
export function MatchingSettings({ rules, onChange }: { rules: MatchingRules; onChange: (rules: MatchingRules) => void }) {
  const move = (index: number, by: -1 | 1) => {
    const next = [...rules.rules];
    const [rule] = next.splice(index, 1);
    next.splice(index + by, 0, rule!);
    onChange({ rules: next });
  };
  return (
    <ol data-testid="matching-rules" className="ll-list">
      {rules.rules.map((rule, i) => (
        <li key={rule.kind} data-testid={`matching-rule-${rule.kind}`}>
          <label className="ll-check">
            <input
              type="checkbox"
              checked={rule.enabled}
              onChange={(e) =>
                onChange({ rules: rules.rules.map((r) => (r.kind === rule.kind ? { ...r, enabled: e.target.checked } : r)) })
              }
            />
            {LABEL[rule.kind]}
          </label>{' '}
          <button type="button" className="ll-link-button" disabled={i === 0} onClick={() => move(i, -1)} aria-label="Move up">
            ↑
          </button>
          <button
            type="button"
            className="ll-link-button"
            disabled={i === rules.rules.length - 1}
            onClick={() => move(i, 1)}
            aria-label="Move down"
          >
            ↓
          </button>
        </li>
      ))}
    </ol>
  );
}
