/**
 * postMessage protocol between the content script (in the CRM page) and the panel iframe (extension origin).
 * Content → panel: a one-time token (lib/panel/session-protocol.ts), sent only to the extension origin; the panel
 * redeems it with the background, so a token the page posts gets nothing. Panel → content: "ready" and its height;
 * both are harmless if the page reads them. No zod here: this file ships in the content script.
 */
export const FRAME_MESSAGE_SOURCE = 'ledgerlens';

export type ToPanelMessage = { source: typeof FRAME_MESSAGE_SOURCE; type: 'token'; token: string };
export type FromPanelMessage =
  | { source: typeof FRAME_MESSAGE_SOURCE; type: 'ready' }
  | { source: typeof FRAME_MESSAGE_SOURCE; type: 'height'; height: number };

export function parseFromPanel(data: unknown): FromPanelMessage | null {
  if (typeof data !== 'object' || data === null) return null;
  const msg = data as Record<string, unknown>;
  if (msg.source !== FRAME_MESSAGE_SOURCE) return null;
  if (msg.type === 'ready') return { source: FRAME_MESSAGE_SOURCE, type: 'ready' };
  if (msg.type === 'height' && typeof msg.height === 'number' && Number.isFinite(msg.height)) {
    return { source: FRAME_MESSAGE_SOURCE, type: 'height', height: msg.height };
  }
  return null;
}
