import { browser } from 'wxt/browser';
import type { CrmAdapter } from '../crm/adapter';
import { createCustomSiteAdapter, matchPatternToRegExp, type CustomSiteConfig } from '../crm/adapters/custom-site';
import { SITES_KEY } from '../preference-keys';

/**
 * The content script's reading of the user's sites. The options page writes them ONCE, under `ledgerlens.sites`
 * (lib/settings.ts SitesSchema: `{ builtins: Record<crmId, boolean>, custom: CustomSiteConfig[] }`). This file ships
 * in the content script, which must stay small, so it reads that shape by hand instead of with zod; a malformed
 * entry is skipped, never thrown in the CRM's page.
 */
export interface StoredSites {
  /** Built-in CRM ids the user switched off. */
  disabled: Set<string>;
  custom: CustomSiteConfig[];
}

export function readStoredSites(value: unknown): StoredSites {
  const raw = (typeof value === 'object' && value !== null ? value : {}) as { builtins?: unknown; custom?: unknown };
  const builtins = typeof raw.builtins === 'object' && raw.builtins !== null ? (raw.builtins as Record<string, unknown>) : {};
  const disabled = new Set(Object.entries(builtins).filter(([, on]) => on === false).map(([id]) => id));
  const custom: CustomSiteConfig[] = [];
  for (const entry of Array.isArray(raw.custom) ? (raw.custom as Partial<CustomSiteConfig>[]) : []) {
    if (!entry || typeof entry.id !== 'string' || typeof entry.urlPattern !== 'string') continue;
    custom.push({ ...entry, id: entry.id, urlPattern: entry.urlPattern, label: typeof entry.label === 'string' ? entry.label : entry.id });
  }
  return { disabled, custom };
}

/** Adapters for valid custom sites (an invalid pattern is reported by the options page when the user saves it). */
export function customSiteAdapters(custom: readonly CustomSiteConfig[]): CrmAdapter[] {
  const adapters: CrmAdapter[] = [];
  for (const site of custom) {
    try {
      adapters.push(createCustomSiteAdapter(site));
    } catch {
      // skipped: see above
    }
  }
  return adapters;
}

/** Whether an adapter's patterns cover this page. */
export function coveredByBuiltIn(url: URL, adapters: readonly CrmAdapter[]): boolean {
  const bare = `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
  return adapters.some((a) => a.matches.some((p) => matchPatternToRegExp(p).test(bare)));
}

/**
 * The adapters to run on this page: the built-in CRMs the user left on when one covers the page, else the user's
 * custom sites (the background injected us there, registered as `ll-custom-<id>`). A built-in CRM switched off in
 * the options page therefore gets no panel, unless the user also added it as a custom site.
 */
export function adaptersFor(url: URL, builtins: readonly CrmAdapter[], sites: StoredSites): CrmAdapter[] {
  const enabled = builtins.filter((a) => !sites.disabled.has(a.id));
  if (coveredByBuiltIn(url, enabled)) return enabled;
  return customSiteAdapters(sites.custom).filter((a) => coveredByBuiltIn(url, [a]));
}

export async function loadAdaptersFor(
  url: URL,
  builtins: readonly CrmAdapter[],
  area: { get(key: string): Promise<Record<string, unknown>> } = browser.storage.local,
): Promise<CrmAdapter[]> {
  const stored = await area.get(SITES_KEY);
  return adaptersFor(url, builtins, readStoredSites(stored[SITES_KEY]));
}
