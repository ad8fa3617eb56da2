import ky, { HTTPError, TimeoutError } from 'ky';
import { type z } from 'zod';
import {
  ApiErrorSchema,
  AuthorizeResponseSchema,
  ConnectionSettingsResponseSchema,
  ConnectionsResponseSchema,
  CreateCustomerResponseSchema,
  CreateSalesDocumentResponseSchema,
  CreateTimeActivityResponseSchema,
  FeedPageSchema,
  LinkResponseSchema,
  LinksResponseSchema,
  MeResponseSchema,
  PairingCodeResponseSchema,
  PairResponseSchema,
  SkippedRecordsResponseSchema,
  SyncResponseSchema,
  SyncRunsResponseSchema,
  type ConnectionSettings,
  type CreateCustomerRequestSchema,
  type CreateSalesDocumentRequestSchema,
  type CreateTimeActivityRequestSchema,
  type PutLinkRequestSchema,
} from './proxy-api';
import type { Provider } from './model';

/**
 * Typed client for the proxy's HTTP contract (lib/proxy-api.ts). Every response is parsed with the contract's zod
 * schema, and every failure becomes a ProxyError, so callers switch on `code` instead of inspecting responses.
 */

/** Codes the client itself produces; the proxy's own codes (proxy-server/errors.ts) pass through as strings. */
export type ProxyErrorCode = 'unreachable' | 'bad_response' | (string & {});

export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  constructor(
    readonly code: ProxyErrorCode,
    message: string,
    /** HTTP status; 0 when no response arrived. */
    readonly status: number,
    /** The error body's `details` (e.g. the candidates of a 409 customer_exists). */
    readonly details?: unknown,
  ) {
    super(message);
  }

  toJSON(): { code: string; message: string; status: number } {
    return { code: this.code, message: this.message, status: this.status };
  }
}

export interface ProxyClientOptions {
  baseUrl: string;
  /** The seat token; absent before pairing. */
  token?: string | undefined;
  fetch?: typeof fetch;
  /** Stays well under the 30 s an MV3 service worker allows a fetch (api-facts.md §3). */
  timeoutMs?: number;
}

export type ProxyClient = ReturnType<typeof createProxyClient>;

export function createProxyClient({ baseUrl, token, fetch: fetchImpl, timeoutMs = 15_000 }: ProxyClientOptions) {
  const api = ky.create({
    prefixUrl: new URL('/v1/', baseUrl).href,
    timeout: timeoutMs,
    // The background retries on its own schedule (alarm, polling); a hidden retry here would only delay errors.
    retry: 0,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });

  async function call<S extends z.ZodType>(schema: S, request: () => Promise<Response>): Promise<z.infer<S>> {
    let response: Response;
    try {
      response = await request();
    } catch (error) {
      throw await toProxyError(error);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ProxyError('bad_response', 'The LedgerLens server sent a response that is not JSON.', response.status);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new ProxyError('bad_response', 'The LedgerLens server sent an unexpected response.', response.status);
    }
    return parsed.data;
  }

  async function callNoContent(request: () => Promise<Response>): Promise<void> {
    try {
      await request();
    } catch (error) {
      throw await toProxyError(error);
    }
  }

  return {
    pair: (body: { code: string; name: string }) => call(PairResponseSchema, () => api.post('pair', { json: body })),
    me: () => call(MeResponseSchema, () => api.get('me')),
    connections: () => call(ConnectionsResponseSchema, () => api.get('connections')),
    authorize: (provider: Provider) =>
      call(AuthorizeResponseSchema, () => api.post('connections/authorize', { json: { provider } })),
    disconnect: (connectionId: string) =>
      callNoContent(() => api.delete(`connections/${encodeURIComponent(connectionId)}`)),
    sync: (connectionId: string) =>
      call(SyncResponseSchema, () => api.post(`connections/${encodeURIComponent(connectionId)}/sync`)),
    feed: (query: { cursor?: string | null | undefined; limit?: number } = {}) => {
      const searchParams: Record<string, string> = {};
      if (query.cursor) searchParams.cursor = query.cursor;
      if (query.limit !== undefined) searchParams.limit = String(query.limit);
      return call(FeedPageSchema, () => api.get('feed', { searchParams }));
    },

    /* Owner: a one-time code a teammate pairs with. */
    issuePairingCode: () => call(PairingCodeResponseSchema, () => api.post('pairing-codes')),

    syncRuns: (query: { connectionId?: string; limit?: number } = {}) =>
      call(SyncRunsResponseSchema, () => api.get('sync-runs', { searchParams: params(query) })),
    skippedRecords: (query: { connectionId?: string; reason?: string; limit?: number } = {}) =>
      call(SkippedRecordsResponseSchema, () => api.get('skipped-records', { searchParams: params(query) })),

    connectionSettings: (connectionId: string) =>
      call(ConnectionSettingsResponseSchema, () => api.get(`connections/${encodeURIComponent(connectionId)}/settings`)),
    saveConnectionSettings: (connectionId: string, settings: ConnectionSettings) =>
      call(ConnectionSettingsResponseSchema, () =>
        api.put(`connections/${encodeURIComponent(connectionId)}/settings`, { json: settings }),
      ),

    /* Actions: the Idempotency-Key is chosen per form submission by the caller and reused on retry, so a double
       click or a retried request never creates a second record (lib/proxy-api.ts). */
    createCustomer: (body: z.input<typeof CreateCustomerRequestSchema>, idempotencyKey: string) =>
      call(CreateCustomerResponseSchema, () => api.post('actions/customers', idempotent(body, idempotencyKey))),
    putLink: (body: z.input<typeof PutLinkRequestSchema>) =>
      call(LinkResponseSchema, () => api.put('links', { json: body })),
    links: () => call(LinksResponseSchema, () => api.get('links')),
    deleteLink: (recordKey: string) => callNoContent(() => api.delete('links', { searchParams: { recordKey } })),
    createTimeActivity: (body: z.input<typeof CreateTimeActivityRequestSchema>, idempotencyKey: string) =>
      call(CreateTimeActivityResponseSchema, () => api.post('actions/time-activities', idempotent(body, idempotencyKey))),
    createSalesDocument: (body: z.input<typeof CreateSalesDocumentRequestSchema>, idempotencyKey: string) =>
      call(CreateSalesDocumentResponseSchema, () =>
        api.post('actions/sales-documents', idempotent(body, idempotencyKey)),
      ),
  };
}

function params(query: Record<string, string | number | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') out[key] = String(value);
  return out;
}

function idempotent(json: unknown, key: string) {
  return { json, headers: { 'idempotency-key': key } };
}

async function toProxyError(error: unknown): Promise<ProxyError> {
  if (error instanceof ProxyError) return error;
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const body: unknown = await error.response.json().catch(() => null);
    const parsed = ApiErrorSchema.safeParse(body);
    if (parsed.success) {
      return new ProxyError(parsed.data.error.code, parsed.data.error.message, status, parsed.data.error.details);
    }
    return new ProxyError(`http_${status}`, `The LedgerLens server answered ${status}.`, status);
  }
  if (error instanceof TimeoutError) {
    return new ProxyError('unreachable', 'The LedgerLens server did not answer in time.', 0);
  }
  // fetch rejects with a TypeError when the connection is refused, DNS fails or the host permission is missing.
  return new ProxyError('unreachable', 'Cannot reach the LedgerLens server. Check the address and that it is running.', 0);
}

/** Serializable form of any error, for status and message replies. */
export function errorInfo(error: unknown): { code: string; message: string } {
  if (error instanceof ProxyError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
