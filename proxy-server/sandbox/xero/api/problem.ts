import { type Context } from 'hono';
import { newGuid } from '../support/guid';

/**
 * Xero's gateway errors are problem-details bodies, e.g.
 * `{"Type":null,"Title":"Forbidden","Status":403,"Detail":"AuthenticationUnsuccessful","Instance":"…","Extensions":{}}`
 * (XeroAPI/xero-node#432, NangoHQ/nango#203 for a missing xero-tenant-id; Xero-NetStandard#298 for 401).
 */
function problem(c: Context, status: 400 | 401 | 403 | 404, title: string, detail: string) {
  return c.json({ Type: null, Title: title, Status: status, Detail: detail, Instance: newGuid(), Extensions: {} }, status);
}

export function unauthorisedResponse(c: Context, detail = 'AuthenticationUnsuccessful') {
  c.header('WWW-Authenticate', 'Bearer error="invalid_token"');
  return problem(c, 401, 'Unauthorized', detail);
}

/** Expired tokens say so (xero-node surfaces this Detail to apps deciding whether to refresh). */
export function tokenExpiredResponse(c: Context, expiredAt: number) {
  const d = new Date(expiredAt);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return unauthorisedResponse(c, `TokenExpired: token expired at ${stamp}`);
}

export function forbiddenResponse(c: Context) {
  return problem(c, 403, 'Forbidden', 'AuthenticationUnsuccessful');
}

/** Token valid but lacking the scope the endpoint needs: 401 AuthorizationUnsuccessful (Xero-NetStandard#298). */
export function insufficientScopeResponse(c: Context) {
  return problem(c, 401, 'Unauthorized', 'AuthorizationUnsuccessful');
}

export function badTenantHeaderResponse(c: Context) {
  return problem(c, 400, 'Bad Request', 'Xero-tenant-id header is not a valid Guid');
}

/** Not-found on the Accounting API is a plain-text body with 404. */
export function notFoundResponse(c: Context) {
  return c.text("The resource you're looking for cannot be found", 404);
}
