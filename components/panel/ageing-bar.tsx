import type { Ageing } from '@/lib/db/ageing';
import { AGEING_LABELS } from '@/lib/db/ageing';
import { compareDecimals, formatMoney } from '@/lib/model';
import { ageingTotal } from '@/lib/panel/panel-data';

const ORDER = ['current', 'days1to30', 'days31to60', 'days61to90', 'over90'] as const;

/** Current / 1–30 / 31–60 / 61–90 / 90+ as proportional segments, each with its amount as accessible text. */
export function AgeingBar({ ageing, currency, locale }: { ageing: Ageing; currency: string; locale?: string | undefined }) {
  const total = Number(ageingTotal(ageing));
  if (!(total > 0)) return null;
  return (
    <div className="ll-ageing" data-testid="ledger-ageing" role="img" aria-label={ORDER.map((k) => `${AGEING_LABELS[k]}: ${formatMoney(ageing[k], currency, locale)}`).join(', ')}>
      {ORDER.filter((k) => compareDecimals(ageing[k], '0') > 0).map((k) => (
        <span
          key={k}
          className={`ll-ageing__seg ll-ageing__seg--${k}`}
          // Width only: proportions need no exact arithmetic, the amounts are in the label.
          style={{ width: `${Math.max(4, (Number(ageing[k]) / total) * 100)}%` }}
          title={`${AGEING_LABELS[k]}: ${formatMoney(ageing[k], currency, locale)}`}
        />
      ))}
    </div>
  );
}
