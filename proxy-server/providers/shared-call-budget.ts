import type { Provider } from '../../lib/model';
import type { Env } from '../env';
import { CALL_BUCKET_MS, type ProviderCallsRepo } from '../store/provider-calls';
import { limitsOf, processShare, type CompanyLimits, type SharedCallBudget } from './limiter';

/**
 * The limits this proxy applies per company: the catalogue's, lowered where configured (QBO_REQUESTS_PER_MINUTE,
 * XERO_REQUESTS_PER_MINUTE, XERO_REQUESTS_PER_DAY — never raised), with this process's share of the concurrency.
 */
export function configuredLimits(env: Pick<Env, 'providerLimits' | 'proxyProcesses'>): (provider: Provider) => CompanyLimits {
  return (provider) => {
    const base = limitsOf(provider);
    const configured: { perMinute?: number | undefined; perDay?: number | undefined } = env.providerLimits[provider];
    const lower = (published: number, wanted: number | undefined) => Math.min(published, wanted ?? published);
    return processShare(
      {
        ...base,
        perMinute: lower(base.perMinute, configured.perMinute),
        perDay: base.perDay === null ? null : lower(base.perDay, configured.perDay),
      },
      env.proxyProcesses,
    );
  };
}

/**
 * The per-company window every proxy process on one PostgreSQL counts in (store/provider-calls.ts), for the
 * limiter. Only for a shared store: PGlite belongs to one process, whose in-memory window is already exact.
 */
export function sharedCallBudgets(
  repo: ProviderCallsRepo,
  limitsFor: (provider: Provider) => CompanyLimits,
): (provider: Provider, companyId: string) => SharedCallBudget {
  return (provider, companyId) => {
    const limits = limitsFor(provider);
    return {
      bucketMs: CALL_BUCKET_MS,
      reserve: ({ now, want, giveBack }) =>
        repo.reserve({ provider, companyId, now, want, perMinute: limits.perMinute, perDay: limits.perDay, giveBack: giveBack ?? undefined }),
    };
  };
}
