import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { HttpError } from '../errors';
import type { Clock } from '../clock';
import type { IdempotencyKeysRepo, KeyScope } from '../store/idempotency-keys';
import { recordHash } from '../store/mirror';
import { isRetryable, resultOfError, type ActionResult } from './action-errors';

/**
 * The proxy's own idempotency (issue 4 §7), per workspace + route + Idempotency-Key:
 * - the first request inserts the key as 'running' (unique primary key: exactly one executes, in any process);
 * - others with the same key and body wait for its result and replay it (same status, same body);
 * - the same key with a different body → 422 idempotency_key_reused;
 * - a 5xx / 429 answer is not kept: the same key may retry, and because every provider write carries a key derived
 *   from this one (QBO requestid, Xero Idempotency-Key), a retry after a lost provider response replays that write
 *   instead of making a second record.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** A 'running' key untouched this long belongs to a dead process and may be taken over (QBO gives up after 120 s). */
export const LEASE_MS = 150_000;
/** How long a duplicate waits for the first before answering 409; under MV3's 30 s fetch limit for the service worker. */
export const WAIT_MS = 25_000;
const KEEP_MS = 24 * 60 * 60 * 1000;

/** What an executing action gets. */
export interface ActionContext {
  /** For the provider: UUID-shaped (36 chars ≤ QBO's 50 and Xero's 128), stable for this workspace + route + key. */
  providerKey: string;
  /** An earlier attempt with this key reached the provider call: skip pre-checks that its own write would now trip. */
  resumed: boolean;
  /** Call right before the provider write. */
  beforeProviderWrite(): Promise<void>;
}

/** Stable, opaque, ≤ 36 chars: the proxy key is the client's and may be long or reveal nothing we want to forward. */
export function providerIdempotencyKey(scope: KeyScope): string {
  const hex = createHash('sha256').update(`${scope.workspaceId}\n${scope.route}\n${scope.key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The header, validated: 1–128 printable ASCII characters (Xero's limit; lib/proxy-api.ts). */
export function idempotencyKeyOf(c: Context): string {
  const key = c.req.header(IDEMPOTENCY_HEADER);
  if (key === undefined || !/^[\x21-\x7e]{1,128}$/.test(key)) {
    throw new HttpError(400, 'invalid_request', 'Actions need an Idempotency-Key header of 1–128 printable characters (a new UUID per action).');
  }
  return key;
}

export interface IdempotencyOptions {
  keys: IdempotencyKeysRepo;
  clock: Clock;
  leaseMs?: number;
  waitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export function createIdempotency(options: IdempotencyOptions) {
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const waitMs = options.waitMs ?? WAIT_MS;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let lastPurge = 0;

  return async function run(
    scope: KeyScope,
    request: unknown,
    execute: (ctx: ActionContext) => Promise<ActionResult>,
  ): Promise<ActionResult & { replayed: boolean }> {
    const now = options.clock.now();
    if (now - lastPurge > 60 * 60 * 1000) {
      lastPurge = now;
      void options.keys.purgeOlderThan(now - KEEP_MS).catch(() => undefined);
    }
    const hash = recordHash(request);
    const deadline = Date.now() + waitMs;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      const claim = await options.keys.claim(scope, hash, options.clock.now(), leaseMs);
      if (claim.kind === 'mismatch') {
        throw new HttpError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different request. Use a new key for a new action.');
      }
      if (claim.kind === 'done') return { status: claim.status as ActionResult['status'], body: claim.body, replayed: true };
      if (claim.kind === 'claimed') return { ...(await executeClaimed(scope, claim.attempt, claim.resumed, execute)), replayed: false };
      if (Date.now() >= deadline) {
        throw new HttpError(409, 'idempotency_key_in_progress', 'The first request with this Idempotency-Key is still running; retry in a moment.', undefined, {
          'Retry-After': '1',
        });
      }
      await sleep(pause);
    }
  };

  async function executeClaimed(
    scope: KeyScope,
    attempt: number,
    resumed: boolean,
    execute: (ctx: ActionContext) => Promise<ActionResult>,
  ): Promise<ActionResult> {
    let result: ActionResult;
    try {
      result = await execute({
        providerKey: providerIdempotencyKey(scope),
        resumed,
        beforeProviderWrite: () => options.keys.markProviderCalled(scope, attempt, options.clock.now()),
      });
    } catch (error) {
      const mapped = resultOfError(error);
      if (!mapped) {
        await options.keys.fail(scope, attempt, options.clock.now()).catch(() => undefined);
        throw error;
      }
      result = mapped;
    }
    if (isRetryable(result)) await options.keys.fail(scope, attempt, options.clock.now());
    else await options.keys.finish(scope, attempt, result.status, result.body, options.clock.now());
    return result;
  }
}
export type Idempotency = ReturnType<typeof createIdempotency>;
