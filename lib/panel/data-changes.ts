import { browser, type Browser } from 'wxt/browser';
import { DISPLAY_KEY, MATCHING_KEY, PAIRING_KEY, SYNC_STATE_KEY } from '../settings';

/** Keys whose change can alter what the panel shows: data and pairing (background), matching and display (options). */
const WATCHED = [SYNC_STATE_KEY, PAIRING_KEY, MATCHING_KEY, DISPLAY_KEY];

/**
 * Calls `onChange` whenever the background changed what a lookup could return: feed pages applied, connections
 * changed, paired or unpaired, the proxy became (un)reachable, the user changed the matching rules or the display.
 * The background and the options page write these keys; storage events
 * reach every extension page, open or not when the change happened.
 */
export function subscribeToDataChanges(
  onChange: () => void,
  events: typeof browser.storage.onChanged = browser.storage.onChanged,
): () => void {
  const listener = (changes: Record<string, Browser.storage.StorageChange>, area: string) => {
    if (area === 'local' && WATCHED.some((key) => key in changes)) onChange();
  };
  events.addListener(listener);
  return () => events.removeListener(listener);
}
