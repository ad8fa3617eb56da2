import { CompanyDisconnectedError } from '../provider-client';

/**
 * Xero answers 403 "AuthenticationUnsuccessful" when the token is fine but the organisation is no longer connected to
 * this app (the user removed the connection in Xero, or DELETE /connections ran): the proxy treats it as a disconnect
 * from the provider side (issue 4 §2). kind = 'unauthorized'.
 */
export class XeroTenantDisconnectedError extends CompanyDisconnectedError {
  override name = 'XeroTenantDisconnectedError';
  constructor(readonly tenantId: string) {
    super(tenantId, 'This Xero organisation is no longer connected to LedgerLens. Reconnect it to keep syncing.');
  }
}

/** The best user-facing sentence in a Xero error body: ValidationException messages, problem Detail, or Message. */
export function xeroErrorMessage(body: unknown): string | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const elements = Array.isArray(b['Elements']) ? (b['Elements'] as unknown[]) : [];
  const validation = elements.flatMap((element) => {
    const errors = element && typeof element === 'object' ? (element as Record<string, unknown>)['ValidationErrors'] : undefined;
    return Array.isArray(errors)
      ? errors.flatMap((e) => (e && typeof e === 'object' && typeof (e as Record<string, unknown>)['Message'] === 'string' ? [(e as Record<string, string>)['Message']] : []))
      : [];
  });
  if (validation.length > 0) return validation.join(' ');
  for (const key of ['Detail', 'Message', 'Title']) {
    const value = b[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return null;
}
