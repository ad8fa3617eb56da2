/**
 * The scopes the Xero client needs, per endpoint it calls (api-facts.md §2 "2026 scope change": apps created from
 * 2 March 2026 must use the granular scopes; accounting.transactions is deprecated). The catalogue's list is the
 * default; this set is what the readers and the proxy's actions need, for the catalogue to adopt.
 */
export const XERO_GRANULAR_SCOPES: readonly string[] = [
  'openid',
  'profile',
  'email',
  'offline_access', // without it there is no refresh token
  'accounting.contacts', // read contacts; create customers (action)
  'accounting.invoices', // invoices, quotes, credit notes, items; create invoices/quotes (action)
  'accounting.payments.read',
  'accounting.settings.read', // Organisation: name, base currency, ShortCode for deep links
  'accounting.reports.aged.read', // Aged Receivables on demand
];
