import type { Db } from './db';

/** Advisory-lock namespace for "reserving calls of this company" (others: 724001 migrations, 724002 feed, 724003 sync). */
const CALLS_LOCK_NAMESPACE = 724004;

/** The shared window is counted in buckets this long; a reservation is valid only within its bucket. */
export const CALL_BUCKET_MS = 5_000;
/**
 * Buckets summed for "the last minute": 13 earlier ones and the current one span at least 65 s, so every call less
 * than 65 s ago is counted — a 5 s margin over the provider's 60 s for clock skew between processes and latency.
 */
const WINDOW_BUCKETS = 14;
const DAY_MS = 86_400_000;

export interface CallReservationRequest {
  provider: string;
  companyId: string;
  now: number;
  want: number;
  perMinute: number;
  perDay: number | null;
  /** Slots an earlier reservation of this process did not use (given back so other processes can spend them). */
  giveBack?: { bucketStart: number; count: number } | undefined;
}

export interface CallReservation {
  granted: number;
  /** The bucket the granted calls belong to: they must start before bucketStart + CALL_BUCKET_MS. */
  bucketStart: number;
  /** Nothing granted because the UTC day's budget is spent. */
  dayExhausted: boolean;
}

export const bucketStartOf = (now: number): number => now - (now % CALL_BUCKET_MS);
const dayStartOf = (time: number): number => time - (time % DAY_MS);

/**
 * Per-company provider call counters shared by every proxy process on one PostgreSQL (providers/limiter.ts reserves
 * a few calls at a time here, then spends them without a round trip). A company's reservations are serialized by a
 * transaction-scoped advisory lock, so two processes never both see room for the same call.
 */
export function providerCallsRepo(db: Db) {
  return {
    async reserve(request: CallReservationRequest): Promise<CallReservation> {
      const { provider, companyId, now } = request;
      const bucketStart = bucketStartOf(now);
      const windowFrom = bucketStart - (WINDOW_BUCKETS - 1) * CALL_BUCKET_MS;
      const dayStart = dayStartOf(now);
      return db.transaction(async (tx) => {
        await tx.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CALLS_LOCK_NAMESPACE, `${provider}:${companyId}`]);
        const back = request.giveBack;
        if (back && back.count > 0) {
          // Unused slots never became calls: take them off the bucket and the day they were counted in.
          await tx.query(
            `UPDATE provider_call_windows SET calls = GREATEST(calls - $5, 0)
             WHERE provider = $1 AND company_id = $2 AND ((kind = 'minute' AND window_start = $3) OR (kind = 'day' AND window_start = $4))`,
            [provider, companyId, back.bucketStart, dayStartOf(back.bucketStart), back.count],
          );
        }
        await tx.query(
          `DELETE FROM provider_call_windows WHERE provider = $1 AND company_id = $2
             AND ((kind = 'minute' AND window_start < $3) OR (kind = 'day' AND window_start < $4))`,
          [provider, companyId, windowFrom, dayStart],
        );
        const [used] = await tx.query<{ minute: string | number; day: string | number }>(
          `SELECT COALESCE(SUM(calls) FILTER (WHERE kind = 'minute'), 0) AS minute,
                  COALESCE(SUM(calls) FILTER (WHERE kind = 'day' AND window_start = $3), 0) AS day
           FROM provider_call_windows WHERE provider = $1 AND company_id = $2`,
          [provider, companyId, dayStart],
        );
        const minuteLeft = request.perMinute - Number(used?.minute ?? 0);
        const dayLeft = request.perDay === null ? Infinity : request.perDay - Number(used?.day ?? 0);
        const granted = Math.max(0, Math.min(request.want, minuteLeft, dayLeft));
        if (granted > 0) {
          await tx.query(
            `INSERT INTO provider_call_windows (provider, company_id, kind, window_start, calls)
             VALUES ($1, $2, 'minute', $3, $5), ($1, $2, 'day', $4, $5)
             ON CONFLICT (provider, company_id, kind, window_start) DO UPDATE SET calls = provider_call_windows.calls + excluded.calls`,
            [provider, companyId, bucketStart, dayStart, granted],
          );
        }
        return { granted, bucketStart, dayExhausted: granted === 0 && dayLeft <= 0 };
      });
    },
  };
}
export type ProviderCallsRepo = ReturnType<typeof providerCallsRepo>;
