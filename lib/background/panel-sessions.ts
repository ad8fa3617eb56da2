import type { RecordContext } from '../model';
import type { LookupResult, Status } from '../messaging';
import { onPanelSession, TOKEN_PATTERN, type PanelClaim } from '../panel/session-protocol';

/** A token not redeemed within this long is dropped (the panel asks within milliseconds of loading). */
const TOKEN_TTL_MS = 60_000;
const MAX_OPEN = 200;
/** How long a claim waits for its openPanel (both are sent at the same moment; either may arrive first). */
const CLAIM_WAIT_MS = 2_000;

interface Session {
  tabId: number;
  at: number;
  claim: Promise<PanelClaim>;
}

/**
 * The background's side of lib/panel/session-protocol.ts: one-time tokens that hand a panel iframe the record its
 * content script found, with the lookup already running. Memory only: a token lives for one iframe load, and a
 * worker restart just makes the content script ask again (the panel reports "ready" again after a reload).
 */
export function createPanelSessions(deps: {
  lookup(context: RecordContext): Promise<LookupResult>;
  status(): Promise<Status>;
  /** Remembers the tab's record for the side panel (lookupRecord's noteLookup). */
  noteLookup?(tabId: number, context: RecordContext, result: LookupResult): unknown;
  now?: () => number;
  claimWaitMs?: number;
}) {
  const now = deps.now ?? (() => Date.now());
  const claimWaitMs = deps.claimWaitMs ?? CLAIM_WAIT_MS;
  const sessions = new Map<string, Session>();
  /** Redeemed tokens, so none is bound twice (bounded: a token is 122 random bits, reuse means replay). */
  const spent = new Set<string>();
  /** Claims that arrived before their openPanel. */
  const waiting = new Map<string, () => void>();

  function opened(token: string): Promise<void> {
    if (sessions.has(token) || waiting.size >= MAX_OPEN) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(token);
        resolve();
      }, claimWaitMs);
      waiting.set(token, () => {
        clearTimeout(timer);
        waiting.delete(token);
        resolve();
      });
    });
  }

  function prune(): void {
    const cutoff = now() - TOKEN_TTL_MS;
    for (const [token, s] of sessions) if (s.at < cutoff || sessions.size > MAX_OPEN) sessions.delete(token);
  }

  async function resolve(tabId: number, context: RecordContext): Promise<PanelClaim> {
    const [result, status] = await Promise.all([deps.lookup(context), deps.status().catch(() => null)]);
    await Promise.resolve(deps.noteLookup?.(tabId, context, result)).catch(() => undefined);
    let shown = result;
    const companies: Record<string, string> = {};
    for (const c of status?.connections ?? []) companies[`${c.provider}:${c.companyId}`] = c.companyName;
    // Nothing to show and a connection needs the user: say that rather than "no match" (as PanelApp does).
    const broken = status?.connections.find((c) => c.status === 'reconnect_required');
    if (broken && result.state !== 'matched') shown = { state: 'reconnect-required', message: broken.statusMessage };
    return { context, result: shown, companies };
  }

  return {
    /** Binds a content script's token to its tab and starts the lookup; false for a non-tab sender or bad token. */
    open(tabId: number | undefined, context: RecordContext, token: unknown): boolean {
      if (tabId === undefined || typeof token !== 'string' || !TOKEN_PATTERN.test(token) || sessions.has(token) || spent.has(token)) return false;
      prune();
      const claim = resolve(tabId, context);
      claim.catch(() => undefined); // redeemed (and reported) by the panel, or dropped
      sessions.set(token, { tabId, at: now(), claim });
      waiting.get(token)?.();
      return true;
    },
    /** The record and answer for a token, once, and only to an extension page in the same tab. */
    async claim(tabId: number | undefined, senderUrl: string | undefined, panelUrl: string, token: unknown): Promise<PanelClaim | null> {
      if (typeof token !== 'string' || !TOKEN_PATTERN.test(token)) return null;
      if (!senderUrl?.startsWith(panelUrl)) return null;
      if (!sessions.has(token)) await opened(token);
      const session = sessions.get(token);
      if (!session) return null;
      if (session.tabId !== tabId || !senderUrl?.startsWith(panelUrl)) return null;
      sessions.delete(token);
      if (spent.size >= MAX_OPEN * 10) spent.clear();
      spent.add(token);
      if (session.at < now() - TOKEN_TTL_MS) return null;
      return session.claim;
    },
  };
}
export type PanelSessions = ReturnType<typeof createPanelSessions>;

/** Binds openPanel (from content scripts) and claimPanel (from the panel iframe) to the sender's tab. */
export function registerPanelSessions(sessions: PanelSessions, panelUrl: string, on = onPanelSession): () => void {
  const removers = [
    on('openPanel', ({ data, sender }) => sessions.open(sender.tab?.id, data.context, data.token)),
    on('claimPanel', ({ data, sender }) => sessions.claim(sender.tab?.id, sender.url, panelUrl, data.token)),
  ];
  return () => removers.forEach((remove) => remove());
}
