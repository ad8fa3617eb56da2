import { newGuid } from '../support/guid';

/**
 * Xero's bodies for injected faults (POST /__sandbox/faults). A 429 has an empty body with `Retry-After` and
 * `X-Rate-Limit-Problem` (api-facts.md section 2 "Limits", as api-guard.ts sends a real one); a 5xx is a
 * problem-details body like the gateway's other errors (problem.ts).
 */
export function xeroFaultBody(kind: '5xx' | '429', _now: number): { status: number; body: unknown; headers?: Record<string, string> } {
  if (kind === '429') return { status: 429, body: '', headers: { 'retry-after': '60', 'x-rate-limit-problem': 'minute', 'content-type': 'text/plain; charset=utf-8' } };
  return {
    status: 500,
    body: {
      Type: null,
      Title: 'An error occurred',
      Status: 500,
      Detail: 'An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.',
      Instance: newGuid(),
      Extensions: {},
    },
  };
}
