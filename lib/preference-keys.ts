/**
 * The storage.local keys of the user's preferences, in a module without zod or React: the content script (which runs
 * on every CRM page and must stay small) imports these, while the schemas and typed accessors live in
 * lib/settings.ts, the one source of truth for what each key holds.
 */

/** `{ builtins: Record<crmId, boolean>, custom: CustomSiteConfig[] }` (lib/settings.ts SitesSchema). */
export const SITES_KEY = 'ledgerlens.sites';
/** `{ rules: [{ kind: 'email' | 'company' | 'person' | 'domain', enabled }] }` in priority order. */
export const MATCHING_KEY = 'ledgerlens.matching';
/** `{ locale, compact, tabs }` for the panel and the side panel. */
export const DISPLAY_KEY = 'ledgerlens.display';
/** `{ enabled, payments, overdue, watched }`. */
export const NOTIFICATIONS_KEY = 'ledgerlens.notifications';
