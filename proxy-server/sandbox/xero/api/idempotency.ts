import { type Context } from 'hono';
import { type ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * `Idempotency-Key` on POST/PUT (max 128 characters, xero_accounting.yaml): a repeat with the same key within the
 * same organisation gets the first response back and creates nothing.
 */
export interface StoredResponse {
  status: ContentfulStatusCode;
  body: unknown;
}

export function createIdempotencyStore() {
  const responses = new Map<string, StoredResponse>();
  return {
    key(c: Context, tenantId: string): string | undefined | { tooLong: true } {
      const header = c.req.header('idempotency-key');
      if (header === undefined || header === '') return undefined;
      if (header.length > 128) return { tooLong: true };
      return `${tenantId}|${header}`;
    },
    get: (key: string) => responses.get(key),
    set: (key: string, response: StoredResponse) => void responses.set(key, response),
    clear: () => responses.clear(),
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;

/** Runs `handle` once per key and replays its result for repeats. */
export async function withIdempotency(
  c: Context,
  store: IdempotencyStore,
  tenantId: string,
  handle: () => Promise<StoredResponse> | StoredResponse,
): Promise<Response> {
  const key = store.key(c, tenantId);
  if (typeof key === 'object') {
    return c.json(
      { ErrorNumber: 10, Type: 'ValidationException', Message: 'Idempotency-Key must be 128 characters or less', Elements: [] },
      400,
    );
  }
  const replay = key === undefined ? undefined : store.get(key);
  const response = replay ?? (await handle());
  if (key !== undefined && !replay) store.set(key, response);
  // Through the context, so the limit and correlation headers set by the guard stay on the response.
  return c.body(JSON.stringify(response.body), response.status, { 'Content-Type': 'application/json; charset=utf-8' });
}
