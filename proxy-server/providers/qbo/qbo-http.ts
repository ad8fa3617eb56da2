import type { LimiterRegistry } from '../limiter';
import { ProviderError, type ApiAuth } from '../provider-client';
import { ProviderRejection, type RejectionReason } from '../provider-writes';

/**
 * The QBO REST call the write operations share: bearer auth with one refresh-and-retry on 401, the company limiter
 * (which also retries 5xx and network errors — safe for POSTs only because each carries a `requestid`, which makes
 * QBO replay the first response instead of writing twice; api-facts.md §1 Idempotency), and Fault → typed errors.
 */
export interface QboHttpOptions {
  apiBaseUrl: string;
  minorVersion: number;
  limiters: LimiterRegistry;
  fetch: typeof fetch;
  /** Per attempt; QBO itself gives up after 120 s. */
  timeoutMs: number;
}

export interface QboRequest {
  method: 'GET' | 'POST';
  /** After `/v3/company/{realmId}/`, without the query string. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

interface FaultError {
  Message?: string;
  Detail?: string;
  code?: string;
  element?: string;
}

/** QBO error codes the user can act on (api-facts.md §1 Errors). */
const REASONS: Record<string, RejectionReason> = { '6240': 'duplicate_name', '5010': 'stale_object', '610': 'not_found' };

/** A Fault (either envelope case) → a sentence for the user, with QBO's code kept for the caller's branching. */
export function rejectionFromFault(body: unknown): ProviderRejection | null {
  if (!body || typeof body !== 'object') return null;
  const fault = ((body as Record<string, unknown>).Fault ?? (body as Record<string, unknown>).fault) as
    | { Error?: FaultError[]; error?: FaultError[]; type?: string }
    | undefined;
  if (!fault || typeof fault !== 'object') return null;
  const first = (fault.Error ?? fault.error ?? [])[0];
  const code = first?.code ?? null;
  const reason: RejectionReason = (code ? REASONS[code] : undefined) ?? 'validation';
  // Detail reads "The name supplied already exists. : Another customer is already using this name…": the part after
  // " : " is the human sentence when there is one.
  const detail = first?.Detail?.split(' : ').slice(1).join(' : ').trim();
  const sentence =
    reason === 'duplicate_name'
      ? `QuickBooks already has a customer, vendor or employee with this name${detail ? ` (${detail.replace(/\.$/, '')})` : ''}. Display names must be unique: link the existing one or change the name.`
      : reason === 'stale_object'
        ? 'Someone changed this record in QuickBooks at the same time; reload and try again.'
        : `QuickBooks refused it: ${detail || first?.Detail || first?.Message || fault.type || 'validation fault'}`.replace(/\.?$/, '.');
  return new ProviderRejection(sentence, reason, code);
}

/** What the two kinds of callers say when QuickBooks can't be reached or is rate limiting (sync vs an action). */
export interface QboExchangeMessages {
  unreachable: string;
  rateLimited: string;
}

/**
 * The round trip every QBO REST call shares, reads and writes alike: the company limiter, a timeout per attempt
 * (time queued in the limiter does not count), bearer auth with one refresh-and-retry on 401, 429 → rate_limited
 * with Retry-After, a body that must be JSON, 5xx → unavailable. The caller decides what a non-2xx or a Fault means.
 */
export async function qboExchange(
  options: Pick<QboHttpOptions, 'limiters' | 'fetch' | 'timeoutMs'>,
  auth: ApiAuth,
  url: string,
  request: { method: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal | undefined },
  messages: QboExchangeMessages,
): Promise<{ response: Response; body: unknown }> {
  let token = await auth.accessToken();
  for (let attempt = 0; ; attempt += 1) {
    let response: Response;
    try {
      const bearer = token;
      response = await options.limiters.forCompany('qbo', auth.companyId).fetch(
        () => {
          const timeout = AbortSignal.timeout(options.timeoutMs);
          return options.fetch(url, {
            method: request.method,
            headers: {
              Accept: 'application/json',
              Authorization: `Bearer ${bearer}`,
              ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
            },
            ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
            signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
          });
        },
        { meter: auth.meter, signal: request.signal },
      );
    } catch (error) {
      if (request.signal?.aborted) throw error;
      if (error instanceof ProviderError) throw error;
      throw new ProviderError('unavailable', messages.unreachable);
    }
    if (response.status === 401 && attempt === 0) {
      await response.body?.cancel();
      token = await auth.accessToken(token);
      continue;
    }
    if (response.status === 401) throw new ProviderError('unauthorized', 'QuickBooks refused the access token.');
    if (response.status === 429) {
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get('retry-after')) || 60;
      throw new ProviderError('rate_limited', messages.rateLimited, retryAfter);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ProviderError(
        response.ok ? 'malformed_response' : 'unavailable',
        `QuickBooks answered HTTP ${response.status} with a body that is not JSON.`,
      );
    }
    if (response.status >= 500) throw new ProviderError('unavailable', `QuickBooks failed (HTTP ${response.status}).`);
    return { response, body };
  }
}

const ACTION_MESSAGES: QboExchangeMessages = {
  unreachable: 'QuickBooks could not be reached (or did not answer in time).',
  rateLimited: 'QuickBooks is rate limiting this company; try again in a minute.',
};

export function createQboHttp(options: QboHttpOptions) {
  const apiBase = options.apiBaseUrl.replace(/\/+$/, '');
  return async function qboRequest(auth: ApiAuth, request: QboRequest): Promise<unknown> {
    const params = new URLSearchParams({ ...request.query, minorversion: String(options.minorVersion) });
    const url = `${apiBase}/v3/company/${encodeURIComponent(auth.companyId)}/${request.path}?${params}`;
    const { response, body } = await qboExchange(options, auth, url, request, ACTION_MESSAGES);
    // An HTTP 200 can still carry a Fault (api-facts.md §1 Errors).
    const rejection = rejectionFromFault(body);
    if (rejection) throw rejection;
    if (!response.ok) throw new ProviderError('rejected', `QuickBooks refused the request (HTTP ${response.status}).`);
    return body;
  };
}
export type QboHttp = ReturnType<typeof createQboHttp>;

/** SELECT … with QBO's quoting: a quote inside a literal is escaped with a backslash (get__display_name__0.json). */
export function qboLiteral(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
