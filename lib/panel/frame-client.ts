import { RecordContextSchema, type RecordContext } from '../model';
import { FRAME_MESSAGE_SOURCE, type FromPanelMessage } from './frame-protocol';

/**
 * The panel iframe's side of lib/panel/frame-protocol.ts. Accepts a record only from the embedding page's window
 * (our content script runs there) and only in the RecordContext shape.
 */
export function listenForContext(onContext: (context: RecordContext) => void, win: Window = window): () => void {
  const listener = (event: MessageEvent) => {
    if (event.source !== win.parent || win.parent === win) return;
    const data = event.data as { source?: unknown; type?: unknown; context?: unknown } | null;
    if (data?.source !== FRAME_MESSAGE_SOURCE || data.type !== 'context') return;
    const parsed = RecordContextSchema.safeParse(data.context);
    if (parsed.success) onContext(parsed.data);
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
