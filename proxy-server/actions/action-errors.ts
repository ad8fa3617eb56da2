import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { HttpError, errorBody } from '../errors';
import { ProviderError } from '../providers/provider-client';
import { ProviderRejection } from '../providers/provider-writes';

/** What an action answers: a status and a JSON body (stored and replayed verbatim under its Idempotency-Key). */
export interface ActionResult {
  status: ContentfulStatusCode;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * Every failure an action can meet, as the response the proxy gives for it (the same codes app.ts onError uses), so
 * the idempotency layer can store 4xx answers and let 5xx/429 be retried. Unknown errors return null: a bug, rethrown.
 */
export function resultOfError(error: unknown): ActionResult | null {
  if (error instanceof HttpError) {
    return { status: error.status, body: errorBody(error.code, error.message, error.details), ...(error.headers ? { headers: error.headers } : {}) };
  }
  if (error instanceof ProviderRejection) {
    return { status: 422, body: errorBody('provider_validation', error.message, { reason: error.reason, providerCode: error.providerCode }) };
  }
  if (error instanceof ProviderError) {
    if (error.kind === 'rate_limited') {
      const retry = String(error.retryAfterSeconds ?? 60);
      return { status: 429, body: errorBody('rate_limited', error.message, { retryAfterSeconds: Number(retry) }), headers: { 'Retry-After': retry } };
    }
    if (error.kind === 'invalid_grant' || error.kind === 'unauthorized') {
      return { status: 409, body: errorBody('conflict', `${error.message} Reconnect the company, then try again.`) };
    }
    return { status: 502, body: errorBody('provider_error', error.message) };
  }
  return null;
}

/** Answers that must not be replayed: the same key may try again (a 5xx, a rate limit, a dead grant since fixed). */
export function isRetryable(result: ActionResult): boolean {
  return result.status >= 500 || result.status === 429 || (result.body as { error?: { code?: string } }).error?.code === 'conflict';
}
