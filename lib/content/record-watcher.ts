import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { RecordContext } from '../model';
import type { CrmAdapter, RecordRoute } from '../crm/adapter';
import { crmAdapters } from '../crm/registry';
import { findRecordRoute } from '../crm/matches';

export interface RecordWatcherDeps {
  ctx: ContentScriptContext;
  onRecord(record: RecordContext, anchor: Element | null): void;
  /** The mounted record's page mutated; `changed` when what we read differs (e.g. an email rendered late). */
  onUpdate(record: RecordContext, anchor: Element | null, changed: boolean): void;
  onLeave(): void;
  /** The URL is a record's and its content is awaited (e.g. to load the panel ahead); onLeave if it never shows. */
  onWaiting?(): void;
  adapters?: readonly CrmAdapter[];
  doc?: Document;
  /**
   * At most one read per this many ms while the page mutates. The first mutation after a quiet period is read at
   * once (leading edge, next task): the record's content appearing is usually that mutation (bench P1), and a busy
   * page still costs one read per throttleMs at most.
   */
  throttleMs?: number;
  /** Give up waiting for a record to render after this long. */
  capMs?: number;
  /** After an SPA navigation, a read identical to the previous record is the old DOM until proven otherwise. */
  staleMs?: number;
  now?: () => number;
}

type State =
  | { kind: 'idle' }
  | { kind: 'waiting'; adapter: CrmAdapter; route: RecordRoute; url: URL; key: string; since: number }
  | { kind: 'mounted'; adapter: CrmAdapter; route: RecordRoute; url: URL; key: string; signature: string };

/**
 * Follows the page from record to record: which record is shown (adapter.matchUrl), when it has rendered
 * (adapter.read, retried on DOM mutations, throttled and capped), and when it changes or goes away. One
 * MutationObserver for the script's lifetime; every timer and listener goes through ctx.
 */
export function createRecordWatcher(deps: RecordWatcherDeps) {
  const doc = deps.doc ?? document;
  const adapters = deps.adapters ?? crmAdapters;
  const throttleMs = deps.throttleMs ?? 250;
  const capMs = deps.capMs ?? 20_000;
  const staleMs = deps.staleMs ?? 2_000;
  const now = deps.now ?? (() => Date.now());

  let state: State = { kind: 'idle' };
  let previousSignature: string | null = null;
  let timer: number | null = null;
  /** When the last read ran (leading-edge throttle). */
  let lastReadAt = Number.NEGATIVE_INFINITY;

  const observer = new MutationObserver(() => {
    if (timer !== null || state.kind === 'idle') return;
    const wait = lastReadAt + throttleMs - now();
    // Leading edge: read in this mutation's own microtask (no task hop); later mutations wait out the throttle.
    if (wait <= 0) tick();
    else schedule(wait);
  });
  observer.observe(doc, { childList: true, subtree: true, characterData: true });
  deps.ctx.onInvalidated(() => observer.disconnect());

  function schedule(delay = throttleMs): void {
    if (timer !== null || state.kind === 'idle') return;
    timer = deps.ctx.setTimeout(() => {
      timer = null;
      tick();
    }, delay);
  }

  function tick(): void {
    lastReadAt = now();
    if (state.kind === 'waiting') {
      const record = state.adapter.read(doc, state.route, state.url);
      const elapsed = now() - state.since;
      if (record && (signatureOf(record) !== previousSignature || elapsed >= staleMs)) {
        const anchor = state.adapter.anchor(doc);
        state = { ...state, kind: 'mounted', signature: signatureOf(record) };
        deps.onRecord(record, anchor);
      } else if (elapsed >= capMs) {
        state = { kind: 'idle' };
        deps.onLeave();
      } else if (record) {
        // Possibly the previous record's DOM: look again even if the page is quiet.
        schedule();
      }
    } else if (state.kind === 'mounted') {
      const record = state.adapter.read(doc, state.route, state.url);
      if (!record) return;
      const anchor = state.adapter.anchor(doc);
      const signature = signatureOf(record);
      const changed = signature !== state.signature;
      if (changed) state = { ...state, signature };
      deps.onUpdate(record, anchor, changed);
    }
  }

  return {
    /** Call on load and on every location change. */
    check(url: URL, { initial = false } = {}): void {
      const hit = findRecordRoute(url, adapters);
      const key = hit ? `${hit.adapter.id}:${hit.route.tenant}:${hit.route.object}:${hit.route.id}` : null;
      if (state.kind !== 'idle' && state.key === key) return;
      if (state.kind === 'mounted') previousSignature = state.signature;
      if (state.kind !== 'idle') deps.onLeave();
      if (!hit || !key) {
        state = { kind: 'idle' };
        return;
      }
      state = { kind: 'waiting', adapter: hit.adapter, route: hit.route, url, key, since: now() };
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      // On load the record has often rendered already: read it first, and announce a wait (the panel loads ahead)
      // only if it has not. Loading ahead and then moving the panel into place cost the page ~3 ms more (bench P5).
      if (initial) tick();
      if (state.kind === 'waiting') deps.onWaiting?.();
      // After an SPA navigation the old record's DOM is still there: first look after the page had time to change.
      schedule();
    },
    get state(): State['kind'] {
      return state.kind;
    },
  };
}

function signatureOf(record: RecordContext): string {
  return JSON.stringify([record.name, record.emails, record.companyName, record.phone]);
}
