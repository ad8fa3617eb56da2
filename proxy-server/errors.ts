import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every error the proxy answers with has the shape `{ error: { code, message, details? } }` (lib/proxy-api.ts
 * ApiErrorSchema). The codes below are stable: the extension branches on them, never on the message.
 */
export const ERROR_CODES = [
  'invalid_request', // 400: body, query or params failed validation (details lists the issues)
  'invalid_cursor', // 400: the feed cursor was not one this proxy issued
  'unauthorized', // 401: seat token missing, wrong or revoked; admin token wrong
  'forbidden_origin', // 403: a state-changing request from a web page origin
  'forbidden', // 403: the seat's role does not allow this (only the workspace owner manages seats)
  'not_found', // 404: unknown route or an id that is not in the seat's workspace
  'conflict', // 409: e.g. sync requested for a connection that needs reconnecting
  'payload_too_large', // 413
  'rate_limited', // 429
  'invalid_pairing_code', // 400: unknown, used or expired pairing code
  'provider_not_configured', // 400: the provider has no client credentials on this proxy
  'provider_error', // 502: the accounting provider failed
  'internal_error', // 500: a bug; details never include stack traces or secrets
  // Actions (proxy-server/actions):
  'customer_exists', // 409: a matching customer exists (details.candidates); link it, or resend with force
  'provider_validation', // 422: the provider refused the write (details.reason, details.providerCode); message says why
  'idempotency_key_reused', // 422: this Idempotency-Key was used with a different request body
  'idempotency_key_in_progress', // 409: a request with this Idempotency-Key is still running; retry shortly
  'not_supported', // 422: the connection's provider has no such action (Xero time activities)
  'customer_not_found', // 422: the customer to link does not exist or is inactive at the provider
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export function errorBody(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
