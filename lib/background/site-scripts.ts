import { browser } from 'wxt/browser';
import type { Sites } from '../settings';

/** Prefix of the ids of content scripts registered for custom sites (one per site). */
export const CUSTOM_SCRIPT_PREFIX = 'll-custom-';
/** The CRM content script as WXT builds it (entrypoints/crm.content → content-scripts/crm.js). */
export const CRM_CONTENT_SCRIPT = 'content-scripts/crm.js';

export interface ScriptingApi {
  getRegisteredContentScripts(): Promise<{ id: string }[]>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<void>;
  registerContentScripts(
    scripts: { id: string; matches: string[]; js: string[]; runAt: 'document_idle'; persistAcrossSessions?: boolean }[],
  ): Promise<void>;
}

export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

/**
 * Keeps the dynamically registered content scripts equal to the user's custom sites that have their host
 * permission (api-facts.md §3: optional host permissions + scripting.registerContentScripts). Run on start, when
 * `ledgerlens.sites` changes and when permissions change (the user may revoke them at any time).
 */
export async function syncCustomSiteScripts(
  sites: Sites,
  scripting: ScriptingApi | undefined = (browser as unknown as { scripting?: ScriptingApi }).scripting,
  permissions: PermissionsApi = browser.permissions,
): Promise<string[]> {
  if (!scripting) return [];
  const existing = (await scripting.getRegisteredContentScripts()).filter((s) => s.id.startsWith(CUSTOM_SCRIPT_PREFIX));
  if (existing.length > 0) await scripting.unregisterContentScripts({ ids: existing.map((s) => s.id) });
  const wanted = [];
  for (const site of sites.custom) {
    if (!(await permissions.contains({ origins: [site.urlPattern] }).catch(() => false))) continue;
    wanted.push({
      id: `${CUSTOM_SCRIPT_PREFIX}${site.id}`,
      matches: [site.urlPattern],
      js: [CRM_CONTENT_SCRIPT],
      runAt: 'document_idle' as const,
    });
  }
  if (wanted.length > 0) await scripting.registerContentScripts(wanted);
  return wanted.map((w) => w.id);
}
