import type { CrmAdapter, RecordRoute } from './adapter';
import { crmAdapters } from './registry';

/** The content script's matches: the union of the adapters' patterns. */
export function contentScriptMatches(adapters: readonly CrmAdapter[] = crmAdapters): string[] {
  return [...new Set(adapters.flatMap((a) => a.matches))];
}

/** The first adapter that recognises the URL as a record page. */
export function findRecordRoute(
  url: URL,
  adapters: readonly CrmAdapter[] = crmAdapters,
): { adapter: CrmAdapter; route: RecordRoute } | null {
  for (const adapter of adapters) {
    const route = adapter.matchUrl(url);
    if (route) return { adapter, route };
  }
  return null;
}
