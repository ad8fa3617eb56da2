import { defineExtensionMessaging } from '@webext-core/messaging';
import type { RecordContext } from '../model';
import type { LookupResult } from '../messaging';

/**
 * Content script ⇄ background ⇄ panel iframe, for one panel. The panel never takes its record from a postMessage:
 * the embedding page's scripts can post to the iframe as well as our content script can (same window). Instead:
 * 1. the content script sends the record to the background (openPanel), which starts the lookup at once (in
 *    parallel with the iframe loading) and answers a random one-time token bound to the sender's tab;
 * 2. the content script posts only that token to the iframe (targetOrigin = the extension origin);
 * 3. the panel redeems it (claimPanel) and gets the record and the lookup's answer from the background. A token
 *    the page made up, or one from another tab, or one already redeemed gets null.
 * Its own messaging instance (not lib/messaging.ts's ProtocolMap): the content script must not pull in the
 * accounting protocol's imports, and @webext-core ignores message types another instance registered.
 */
export interface PanelClaim {
  context: RecordContext;
  result: LookupResult;
  /** Company names by `provider:companyId`, for the panel's labels. */
  companies: Record<string, string>;
}

export interface PanelSessionProtocol {
  openPanel(data: { context: RecordContext }): { token: string } | null;
  claimPanel(data: { token: string }): PanelClaim | null;
}

export const { sendMessage: sendPanelSession, onMessage: onPanelSession } = defineExtensionMessaging<PanelSessionProtocol>();
