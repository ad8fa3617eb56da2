import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { RecordContext } from '../model';
import { FRAME_MESSAGE_SOURCE, parseFromPanel, type ToPanelMessage } from '../panel/frame-protocol';
import { sendPanelSession } from '../panel/session-protocol';

/** Binds the one-time token the panel will redeem to this record, and starts the background's lookup. */
export type OpenSession = (context: RecordContext, token: string) => Promise<boolean>;
const openSession: OpenSession = (context, token) => sendPanelSession('openPanel', { context, token });

export const PANEL_ATTRIBUTE = 'data-ledgerlens-panel';
/** An iframe loaded ahead of the record (the URL looks like one): not a panel until show() moves it into place. */
export const PREWARM_ATTRIBUTE = 'data-ledgerlens-prewarm';
const MAX_HEIGHT = 2000;

/**
 * The panel lives in an extension-origin iframe: the CRM page's CSS cannot break it and its scripts cannot read the
 * balances (DESIGN.md). This host owns at most one such iframe per document.
 */
export function createPanelHost(deps: { ctx: ContentScriptContext; panelUrl: string; doc?: Document; win?: Window; open?: OpenSession }) {
  const doc = deps.doc ?? document;
  const win = deps.win ?? window;
  const panelOrigin = new URL(deps.panelUrl).origin;
  const open = deps.open ?? openSession;
  let frame: HTMLIFrameElement | null = null;
  let context: RecordContext | null = null;
  /** A token bound to the current record and not yet handed to the iframe (one per iframe load). */
  let pending: string | null = null;
  let ready = false;

  /** A fresh token for the record; the background starts the lookup now, in parallel with the iframe loading. */
  function prepare(): void {
    if (!context) return;
    pending = crypto.randomUUID();
    void open(context, pending).catch(() => false);
  }

  /** Hands the iframe the token (never the record: the page could post one too). A reload needs a fresh token. */
  function deliver(): void {
    if (!pending || !frame?.contentWindow) return;
    const message: ToPanelMessage = { source: FRAME_MESSAGE_SOURCE, type: 'token', token: pending };
    pending = null;
    frame.contentWindow.postMessage(message, panelOrigin);
  }

  deps.ctx.addEventListener(win, 'message', (event: MessageEvent) => {
    // Only our own iframe, from the extension origin: the page can post to this window too.
    if (!frame || event.source !== frame.contentWindow || event.origin !== panelOrigin) return;
    const message = parseFromPanel(event.data);
    if (message?.type === 'ready') {
      ready = true;
      if (!pending) prepare(); // the iframe (re)loaded after its token was used
      deliver();
    }
    else if (message?.type === 'height') frame.style.height = `${Math.min(Math.max(0, Math.ceil(message.height)), MAX_HEIGHT)}px`;
  });
  deps.ctx.onInvalidated(() => hide());

  function place(anchor: Element | null): void {
    if (!frame) return;
    const inline = !!anchor?.isConnected;
    frame.style.cssText = inline ? INLINE_STYLE : FLOATING_STYLE;
    const parent = inline ? anchor!.parentNode! : doc.body;
    const before = inline ? anchor!.nextSibling : null;
    if (frame.parentNode === parent && frame.nextSibling === before) return;
    // Moving a loaded iframe with insertBefore reloads it; moveBefore (Chrome 133+) keeps the prewarmed document.
    const movable = parent as ParentNode & { moveBefore?: (node: Node, child: Node | null) => void };
    if (frame.isConnected && typeof movable.moveBefore === 'function') {
      try {
        movable.moveBefore(frame, before);
        return;
      } catch {
        // fall through: a plain insert (reloads)
      }
    }
    if (frame.isConnected) ready = false; // it reloads and reports "ready" again
    parent.insertBefore(frame, before);
  }

  function createFrame(): HTMLIFrameElement {
    const created = doc.createElement('iframe');
    created.title = 'LedgerLens';
    created.src = deps.panelUrl;
    return created;
  }

  function hide(): void {
    frame?.remove();
    frame = null;
    context = null;
    pending = null;
    ready = false;
  }

  return {
    /**
     * Loads the panel's page, hidden, while the record is still rendering (bench P1: the iframe's load and React's
     * boot are then off the path from content to balance). show() moves it into place.
     */
    prewarm(): void {
      if (frame || !doc.body) return;
      frame = createFrame();
      frame.setAttribute(PREWARM_ATTRIBUTE, '');
      frame.style.cssText = PREWARM_STYLE;
      frame.setAttribute('aria-hidden', 'true');
      frame.tabIndex = -1;
      doc.body.append(frame);
    },
    /** Mounts a fresh panel for a record (replacing any other: exactly one per document). */
    show(record: RecordContext, anchor: Element | null): void {
      const warm = frame?.hasAttribute(PREWARM_ATTRIBUTE) && frame.isConnected ? frame : null;
      const warmReady = warm ? ready : false;
      if (warm) frame = null; // kept out of hide()
      hide();
      for (const stale of doc.querySelectorAll(`iframe[${PANEL_ATTRIBUTE}], iframe[${PREWARM_ATTRIBUTE}]`)) if (stale !== warm) stale.remove();
      context = record;
      prepare();
      frame = warm ?? createFrame();
      ready = warmReady;
      frame.removeAttribute(PREWARM_ATTRIBUTE);
      frame.removeAttribute('aria-hidden');
      frame.removeAttribute('tabindex');
      frame.setAttribute(PANEL_ATTRIBUTE, '');
      place(anchor);
      if (ready) deliver();
    },
    /** Same record, new details (e.g. an email property rendered late). */
    update(record: RecordContext): void {
      context = record;
      prepare();
      if (ready) deliver();
    },
    /** Re-inserts the panel if the CRM's re-render dropped it. */
    ensureAttached(anchor: Element | null): void {
      if (frame && !frame.isConnected) {
        // Re-inserting reloads the iframe, which reports "ready" again and gets a fresh token.
        ready = false;
        place(anchor);
      }
    },
    hide,
    get mounted(): boolean {
      return frame !== null;
    },
  };
}
export type PanelHost = ReturnType<typeof createPanelHost>;

const BASE = 'border:0;display:block;color-scheme:normal;background:transparent;height:0;';
const INLINE_STYLE = `${BASE}width:100%;margin:12px 0;`;
const PREWARM_STYLE = `${BASE}position:fixed;right:0;bottom:0;width:340px;visibility:hidden;pointer-events:none;`;
const FLOATING_STYLE = `${BASE}position:fixed;right:16px;bottom:16px;width:340px;z-index:2147483646;box-shadow:0 4px 16px rgba(0,0,0,.2);border-radius:8px;`;
