import type { RecordContext } from '../model';
import type { LookupResult, Status } from '../messaging';
import { onPanelSession, type PanelClaim } from '../panel/session-protocol';

/** A token not redeemed within this long is dropped (the panel asks within milliseconds of loading). */
const TOKEN_TTL_MS = 60_000;
const MAX_OPEN = 200;

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
  newToken?: () => string;
}) {
  const now = deps.now ?? (() => Date.now());
  const newToken = deps.newToken ?? (() => crypto.randomUUID());
  const sessions = new Map<string, Session>();

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
    /** Starts the lookup for a content script's record; null when the sender is not a tab. */
    open(tabId: number | undefined, context: RecordContext): { token: string } | null {
      if (tabId === undefined) return null;
      prune();
      const token = newToken();
      const claim = resolve(tabId, context);
      claim.catch(() => undefined); // redeemed (and reported) by the panel, or dropped
      sessions.set(token, { tabId, at: now(), claim });
      return { token };
    },
    /** The record and answer for a token, once, and only to an extension page in the same tab. */
    async claim(tabId: number | undefined, senderUrl: string | undefined, panelUrl: string, token: unknown): Promise<PanelClaim | null> {
      if (typeof token !== 'string') return null;
      const session = sessions.get(token);
      if (!session) return null;
      if (session.tabId !== tabId || !senderUrl?.startsWith(panelUrl)) return null;
      sessions.delete(token);
      if (session.at < now() - TOKEN_TTL_MS) return null;
      return session.claim;
    },
  };
}
export type PanelSessions = ReturnType<typeof createPanelSessions>;

/** Binds openPanel (from content scripts) and claimPanel (from the panel iframe) to the sender's tab. */
export function registerPanelSessions(sessions: PanelSessions, panelUrl: string, on = onPanelSession): () => void {
  const removers = [
    on('openPanel', ({ data, sender }) => sessions.open(sender.tab?.id, data.context)),
    on('claimPanel', ({ data, sender }) => sessions.claim(sender.tab?.id, sender.url, panelUrl, data.token)),
  ];
  return () => removers.forEach((remove) => remove());
}
