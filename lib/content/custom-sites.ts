import { browser } from 'wxt/browser';
import type { CrmAdapter } from '../crm/adapter';
import { createCustomSiteAdapter, matchPatternToRegExp, type CustomSiteConfig } from '../crm/adapters/custom-site';

/**
 * Sites the user enabled in the options page, as stored in storage.local under CUSTOM_SITES_KEY (shape defined here
 * until the options engineer reports theirs): a site with only a URL pattern is read by the generic adapter's
 * reading (JSON-LD, microdata, vCard, mailto); selectors refine it. Disabled sites are kept but not run.
 */
export const CUSTOM_SITES_KEY = 'ledgerlens.customSites';

export interface StoredCustomSite extends CustomSiteConfig {
  enabled: boolean;
}

/** Valid, enabled sites only: a malformed entry must not stop the others (nor throw in the CRM's page). */
export function customSiteAdapters(value: unknown): CrmAdapter[] {
  if (!Array.isArray(value)) return [];
  const adapters: CrmAdapter[] = [];
  for (const entry of value as Partial<StoredCustomSite>[]) {
    if (!entry || entry.enabled === false || typeof entry.id !== 'string' || typeof entry.urlPattern !== 'string') continue;
    try {
      adapters.push(createCustomSiteAdapter({ label: entry.id, ...entry } as CustomSiteConfig));
    } catch {
      // An invalid pattern: the options page reports it when the user saves.
    }
  }
  return adapters;
}

export async function loadCustomSiteAdapters(area = browser.storage.local): Promise<CrmAdapter[]> {
  const stored: Record<string, unknown> = await area.get(CUSTOM_SITES_KEY);
  return customSiteAdapters(stored[CUSTOM_SITES_KEY]);
}

/** Whether a built-in adapter's patterns cover this page (then no storage read is needed at all). */
export function coveredByBuiltIn(url: URL, adapters: readonly CrmAdapter[]): boolean {
  const bare = `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
  return adapters.some((a) => a.matches.some((p) => matchPatternToRegExp(p).test(bare)));
}
