import { useCallback, useEffect, useState } from 'react';
import type { RecordContext } from '@/lib/model';
import { backgroundApi, type BackgroundApi } from '@/lib/messaging';
import { subscribeToDataChanges } from '@/lib/panel/data-changes';
import { collapsedStore, type CollapsedStore } from '@/lib/panel/collapsed-store';
import { createPanelActions } from '@/lib/panel/panel-actions';
import type { PanelActions, PanelResult } from '@/lib/panel/panel-data';
import { DEFAULT_DISPLAY, preferences, type Display } from '@/lib/settings';
import { PanelView } from './panel-view';

const loadDisplayPreference = () => preferences().display.get();

const defaultActions = createPanelActions();

/** Looks the record up in the background, and again whenever the background reports changed data. */
export function PanelApp({
  context,
  api = backgroundApi,
  actions = defaultActions,
  subscribe = subscribeToDataChanges,
  collapse = collapsedStore,
  loadDisplay = loadDisplayPreference,
  initial,
}: {
  context: RecordContext;
  /** The background's answer for this context, already looked up (lib/panel/session-protocol.ts): shown at once. */
  initial?: { result: PanelResult; companies: Record<string, string> };
  api?: Partial<Pick<BackgroundApi, 'getStatus'>> & Pick<BackgroundApi, 'lookupRecord'>;
  actions?: PanelActions;
  subscribe?: (onChange: () => void) => () => void;
  collapse?: CollapsedStore;
  /** The options page's `ledgerlens.display` (read again when the data changes). */
  loadDisplay?: () => Promise<Display>;
}) {
  const [result, setResult] = useState<PanelResult>(initial?.result ?? { state: 'loading' });
  const [companies, setCompanies] = useState<Record<string, string>>(initial?.companies ?? {});
  // A new claim (same or other record) replaces what is shown; later lookups are this component's own.
  const [shownInitial, setShownInitial] = useState(initial);
  if (initial !== shownInitial) {
    setShownInitial(initial);
    if (initial) {
      setResult(initial.result);
      setCompanies(initial.companies);
    }
  }
  const [revision, setRevision] = useState(0);
  const [collapsed, setCollapsed] = useState(false);
  const [display, setDisplay] = useState<Display>(DEFAULT_DISPLAY);

  useEffect(() => subscribe(() => setRevision((r) => r + 1)), [subscribe]);
  useEffect(() => {
    let live = true;
    loadDisplay().then((value) => live && setDisplay(value), () => {});
    return () => {
      live = false;
    };
  }, [loadDisplay, revision]);
  useEffect(() => {
    let live = true;
    collapse.get().then((value) => live && setCollapsed(value), () => {});
    return () => {
      live = false;
    };
  }, [collapse]);

  useEffect(() => {
    // The first answer came with the claim: look up again only when the data changed since.
    if (initial && revision === 0) return;
    let live = true;
    api.lookupRecord({ context }).then(
      async (next: PanelResult) => {
        const status = await api.getStatus?.().catch(() => null);
        if (!live) return;
        if (status) {
          setCompanies(Object.fromEntries(status.connections.map((c) => [`${c.provider}:${c.companyId}`, c.companyName])));
          // Nothing to show and a connection needs the user: say that rather than "no match".
          const broken = status.connections.find((c) => c.status === 'reconnect_required');
          if (broken && next.state !== 'matched') next = { state: 'reconnect-required', message: broken.statusMessage };
        }
        setResult(next);
      },
      () => live && setResult({ state: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [api, context, revision, initial]);

  const toggle = useCallback(() => {
    setCollapsed((value) => {
      void collapse.set(!value).catch(() => {});
      return !value;
    });
  }, [collapse]);

  return (
    <PanelView
      result={result}
      collapsed={collapsed}
      onToggle={toggle}
      companies={companies}
      display={display}
      onCreate={() => void actions.openSidePanel({ intent: 'create', context })}
      onLinkExisting={() => void actions.openSidePanel({ intent: 'link', context })}
      onOpenSidePanel={(customer) =>
        void actions.openSidePanel({ intent: 'view', context, ...(customer ? { customerKey: `${customer.provider}:${customer.companyId}:${customer.id}` } : {}) })
      }
      onChoose={async (customer) => {
        const answer = await actions.linkRecord({ recordKey: context.recordKey, customerKey: `${customer.provider}:${customer.companyId}:${customer.id}` });
        if (!answer.ok) return answer.error.message;
        setRevision((r) => r + 1);
        return null;
      }}
    />
  );
}
