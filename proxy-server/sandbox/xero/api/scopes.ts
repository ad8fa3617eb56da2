/**
 * Which scopes open which Accounting endpoints. Old broad scopes (accounting.transactions) and the granular ones that
 * apps created from March 2026 must use (accounting.invoices, accounting.payments, ...) both work (api-facts.md section 2,
 * "2026 scope change"), so a client with too narrow a consent fails here as it would against Xero.
 */
const READ_SCOPES: Record<string, string[]> = {
  Contacts: ['accounting.contacts', 'accounting.contacts.read'],
  Invoices: ['accounting.transactions', 'accounting.transactions.read', 'accounting.invoices', 'accounting.invoices.read'],
  CreditNotes: ['accounting.transactions', 'accounting.transactions.read', 'accounting.invoices', 'accounting.invoices.read'],
  Quotes: ['accounting.transactions', 'accounting.transactions.read', 'accounting.invoices', 'accounting.invoices.read'],
  Payments: ['accounting.transactions', 'accounting.transactions.read', 'accounting.payments', 'accounting.payments.read'],
  Items: ['accounting.settings', 'accounting.settings.read', 'accounting.invoices', 'accounting.invoices.read'],
  Organisation: ['accounting.settings', 'accounting.settings.read'],
  Reports: ['accounting.reports.read', 'accounting.reports.aged.read'],
};

export function scopeAllows(grantScopes: readonly string[], resource: string, method: string): boolean {
  const readScopes = READ_SCOPES[resource];
  if (!readScopes) return true;
  const accepted = method === 'GET' || method === 'HEAD' ? readScopes : readScopes.filter((scope) => !scope.endsWith('.read'));
  return accepted.some((scope) => grantScopes.includes(scope));
}

export const ALL_ACCOUNTING_SCOPES = [
  'openid', 'profile', 'email', 'offline_access', 'accounting.contacts', 'accounting.transactions', 'accounting.settings',
  'accounting.reports.read', 'accounting.invoices', 'accounting.payments',
];
