import { browser, type Browser } from 'wxt/browser';
import { PAIRING_KEY, SYNC_STATE_KEY } from '../settings';

/**
 * Calls `onChange` whenever the background changed what a lookup could return: feed pages applied, connections
 * changed, paired or unpaired, the proxy became (un)reachable. The background writes these keys; storage events
 * reach every extension page, open or not when the change happened.
 */
export function subscribeToDataChanges(
  onChange: () => void,
  events: typeof browser.storage.onChanged = browser.storage.onChanged,
): () => void {
  const listener = (changes: Record<string, Browser.storage.StorageChange>, area: string) => {
    if (area === 'local' && (SYNC_STATE_KEY in changes || PAIRING_KEY in changes)) onChange();
  };
  events.addListener(listener);
  return () => events.removeListener(listener);
}
