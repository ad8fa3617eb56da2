import { z } from 'zod';
import { browser, type Browser } from 'wxt/browser';
import { ProviderSchema, SeatSchema } from './model';
import { DISPLAY_KEY, MATCHING_KEY, NOTIFICATIONS_KEY, SITES_KEY } from './preference-keys';

export { DISPLAY_KEY, MATCHING_KEY, NOTIFICATIONS_KEY, SITES_KEY };

/**
 * What the extension keeps in browser.storage.local. The seat token is LedgerLens's own credential for the proxy;
 * provider (QuickBooks/Xero) tokens never reach the extension.
 */

export const DEFAULT_PROXY_URL = 'http://127.0.0.1:4000';

export const PairingSchema = z.object({ proxyUrl: z.string().url(), token: z.string().min(1), seat: SeatSchema });
export type Pairing = z.infer<typeof PairingSchema>;

const ErrorInfoSchema = z.object({ code: z.string(), message: z.string() });
export const SyncStateSchema = z.object({
  lastError: ErrorInfoSchema.nullable(),
  /** Bumped whenever local data changes; extension pages watch it to re-query (storage.onChanged). */
  revision: z.number().int(),
  pendingAuthorize: z
    .object({ provider: ProviderSchema, until: z.string(), knownConnectionIds: z.array(z.string()) })
    .nullable(),
});
export type SyncState = z.infer<typeof SyncStateSchema>;

export const PAIRING_KEY = 'ledgerlens.pairing';
export const SYNC_STATE_KEY = 'ledgerlens.sync';

const EMPTY_SYNC_STATE: SyncState = { lastError: null, revision: 0, pendingAuthorize: null };

export function createSettings(area: Browser.storage.StorageArea = browser.storage.local) {
  async function read<T>(key: string, schema: z.ZodType<T>): Promise<T | null> {
    const stored: Record<string, unknown> = await area.get(key);
    const parsed = schema.safeParse(stored[key]);
    return parsed.success ? parsed.data : null;
  }
  let queue: Promise<unknown> = Promise.resolve();
  return {
    getPairing: () => read(PAIRING_KEY, PairingSchema),
    setPairing: (pairing: Pairing) => area.set({ [PAIRING_KEY]: pairing }),
    clearPairing: () => area.remove(PAIRING_KEY),
    async getSyncState(): Promise<SyncState> {
      return (await read(SYNC_STATE_KEY, SyncStateSchema)) ?? EMPTY_SYNC_STATE;
    },
    /** Read-modify-write, queued so two concurrent updates (a feed page and a status change) never lose one. */
    updateSyncState(update: (state: SyncState) => SyncState): Promise<SyncState> {
      const run = queue.then(async () => {
        const next = update((await read(SYNC_STATE_KEY, SyncStateSchema)) ?? EMPTY_SYNC_STATE);
        await area.set({ [SYNC_STATE_KEY]: next });
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    clearSyncState: () => area.remove(SYNC_STATE_KEY),
  };
}
export type Settings = ReturnType<typeof createSettings>;

/* ── User preferences, written by the options page, read by the content script, panel and background ──────────
   Each key holds one zod-validated object; a missing or invalid value reads as its default. The keys themselves are
   in lib/preference-keys.ts (zod-free, for the content script); these schemas are the one definition of the shapes.
   Readers: sites → content script (lib/content/custom-sites.ts) and background (custom-site scripts); matching →
   background lookupRecord (lib/matching/rules.ts compiles it); display → panel and side panel. */

/** `ledgerlens.sites`: built-in CRMs on/off (absent id = on) and the user's custom sites. */
export const CustomSiteSchema = z.object({
  id: z.string().min(1),
  label: z.string(),
  urlPattern: z.string().min(1),
  emailSelector: z.string().optional(),
  nameSelector: z.string().optional(),
  companySelector: z.string().optional(),
});
export const SitesSchema = z.object({
  builtins: z.record(z.string(), z.boolean()),
  custom: z.array(CustomSiteSchema),
});
export type Sites = z.infer<typeof SitesSchema>;
export const DEFAULT_SITES: Sites = { builtins: {}, custom: [] };

/** `ledgerlens.matching`: which signals match a CRM record to a customer, tried in this order (after manual links). */
export const MatchRuleKindSchema = z.enum(['email', 'company', 'person', 'domain']);
export type MatchRuleKind = z.infer<typeof MatchRuleKindSchema>;
export const MatchingRulesSchema = z.object({
  rules: z.array(z.object({ kind: MatchRuleKindSchema, enabled: z.boolean() })),
});
export type MatchingRules = z.infer<typeof MatchingRulesSchema>;
export const DEFAULT_MATCHING: MatchingRules = {
  rules: [
    { kind: 'email', enabled: true },
    { kind: 'company', enabled: true },
    { kind: 'person', enabled: true },
    // On by default: a domain hit is only ever offered as a suggestion to link (issue 5), never shown as a match.
    { kind: 'domain', enabled: true },
  ],
};

/** `ledgerlens.display`: panel and side panel presentation. */
export const PanelTabSchema = z.enum(['invoices', 'estimates', 'payments', 'creditNotes']);
export type PanelTab = z.infer<typeof PanelTabSchema>;
export const DisplaySchema = z.object({
  /** BCP 47 locale for numbers and dates; null = the browser's. */
  locale: z.string().nullable(),
  compact: z.boolean(),
  tabs: z.array(PanelTabSchema),
});
export type Display = z.infer<typeof DisplaySchema>;
export const DEFAULT_DISPLAY: Display = { locale: null, compact: false, tabs: ['invoices', 'estimates', 'payments', 'creditNotes'] };

/** `ledgerlens.notifications`: off by default; `watched` are customer recordKeys. */
export const NotificationPrefsSchema = z.object({
  enabled: z.boolean(),
  payments: z.boolean(),
  overdue: z.boolean(),
  watched: z.array(z.string()),
});
export type NotificationPrefs = z.infer<typeof NotificationPrefsSchema>;
export const DEFAULT_NOTIFICATIONS: NotificationPrefs = { enabled: false, payments: true, overdue: true, watched: [] };

/** Typed access to one preference key. */
export function createPreference<T>(
  key: string,
  schema: z.ZodType<T>,
  fallback: T,
  area: Browser.storage.StorageArea = browser.storage.local,
) {
  return {
    key,
    async get(): Promise<T> {
      const stored: Record<string, unknown> = await area.get(key);
      const parsed = schema.safeParse(stored[key]);
      return parsed.success ? parsed.data : fallback;
    },
    set: (value: T) => area.set({ [key]: schema.parse(value) }),
  };
}

export const preferences = (area: Browser.storage.StorageArea = browser.storage.local) => ({
  sites: createPreference(SITES_KEY, SitesSchema, DEFAULT_SITES, area),
  matching: createPreference(MATCHING_KEY, MatchingRulesSchema, DEFAULT_MATCHING, area),
  display: createPreference(DISPLAY_KEY, DisplaySchema, DEFAULT_DISPLAY, area),
  notifications: createPreference(NOTIFICATIONS_KEY, NotificationPrefsSchema, DEFAULT_NOTIFICATIONS, area),
});
export type Preferences = ReturnType<typeof preferences>;
