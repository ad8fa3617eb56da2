import { defineExtensionMessaging } from '@webext-core/messaging';
import type { RecordContext } from '../model';
import type { LookupResult } from '../messaging';

/**
 * Content script ⇄ background ⇄ panel iframe, for one panel. The panel never takes its record from a postMessage:
 * the embedding page's scripts can post to the iframe as well as our content script can (same window). Instead:
 * 1. the content script draws a random one-time token (crypto.randomUUID, in its isolated world, which page
 *    scripts cannot read) and sends it with the record to the background (openPanel), which binds it to the
 *    sender's tab and starts the lookup at once, in parallel with the iframe loading;
 * 2. at the same time it posts only that token to the iframe (targetOrigin = the extension origin);
 * 3. the panel redeems it (claimPanel; the background waits briefly if openPanel has not arrived yet) and gets the
 *    record and the lookup's answer. A token the page made up, one from another tab, or one already redeemed gets
 *    null. No round trip waits for another: that is bench P1's budget.
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
  /** False when the token is malformed or already taken (the content script then has no panel to feed). */
  openPanel(data: { context: RecordContext; token: string }): boolean;
  claimPanel(data: { token: string }): PanelClaim | null;
}

/** 122 random bits; the background refuses anything that does not look like one. */
export const TOKEN_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const { sendMessage: sendPanelSession, onMessage: onPanelSession } = defineExtensionMessaging<PanelSessionProtocol>();
