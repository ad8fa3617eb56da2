import { browser } from 'wxt/browser';
import { SYNC_STATE_KEY } from '../settings';
import { FOCUS_KEY, TABS_KEY } from './tab-state';

/** What makes the side panel re-ask: another tab, a navigation, new data, a new focus or a tab's new match. */
export function subscribeToSidePanelChanges(onChange: () => void): () => void {
  const storage = (changes: Record<string, unknown>, area: string) => {
    if ((area === 'local' && SYNC_STATE_KEY in changes) || (area === 'session' && (FOCUS_KEY in changes || TABS_KEY in changes))) {
      onChange();
    }
  };
  const activated = () => onChange();
  browser.storage.onChanged.addListener(storage);
  browser.tabs.onActivated.addListener(activated);
  return () => {
    browser.storage.onChanged.removeListener(storage);
    browser.tabs.onActivated.removeListener(activated);
  };
}
