import { FRAME_MESSAGE_SOURCE, type FromPanelMessage } from './frame-protocol';
import { sendPanelSession, type PanelClaim } from './session-protocol';

export type RedeemToken = (token: string) => Promise<PanelClaim | null>;
const redeem: RedeemToken = (token) => sendPanelSession('claimPanel', { token });

/**
 * The panel iframe's side of lib/panel/frame-protocol.ts. The embedding window posts a token, never the record:
 * the page's scripts share that window with our content script, so whatever arrives by postMessage is only a
 * claim ticket, redeemed with the background (lib/panel/session-protocol.ts). A made-up, used or foreign token
 * gets null and changes nothing.
 */
export function listenForClaim(onClaim: (claim: PanelClaim) => void, win: Window = window, claim: RedeemToken = redeem): () => void {
  let asked = 0;
  let applied = 0;
  const listener = (event: MessageEvent) => {
    if (event.source !== win.parent || win.parent === win) return;
    const data = event.data as { source?: unknown; type?: unknown; token?: unknown } | null;
    if (data?.source !== FRAME_MESSAGE_SOURCE || data.type !== 'token' || typeof data.token !== 'string') return;
    const order = ++asked;
    claim(data.token).then(
      (answer) => {
        // A forged token answers null and changes nothing; an older real token answered late loses to a newer one
        // (the record may have changed meanwhile).
        if (!answer || order < applied) return;
        applied = order;
        onClaim(answer);
      },
      () => undefined,
    );
  };
  win.addEventListener('message', listener);
  postToParent({ source: FRAME_MESSAGE_SOURCE, type: 'ready' }, win);
  return () => win.removeEventListener('message', listener);
}

/** Tells the content script our height so the iframe fits its content. */
export function reportHeight(win: Window = window): () => void {
  const doc = win.document;
  let last = -1;
  const send = () => {
    const height = Math.ceil(doc.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    postToParent({ source: FRAME_MESSAGE_SOURCE, type: 'height', height }, win);
  };
  const observer = new ResizeObserver(send);
  observer.observe(doc.documentElement);
  send();
  return () => observer.disconnect();
}

function postToParent(message: FromPanelMessage, win: Window): void {
  if (win.parent === win) return;
  // Only "ready" and a height go out; the embedding origin is known in Chrome, '*' elsewhere is harmless.
  const target = win.location.ancestorOrigins?.[0] ?? '*';
  win.parent.postMessage(message, target);
}
