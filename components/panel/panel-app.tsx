import { useEffect, useState } from 'react';
import type { RecordContext } from '@/lib/model';
import { backgroundApi, type BackgroundApi } from '@/lib/messaging';
import { subscribeToDataChanges } from '@/lib/panel/data-changes';
import { PanelView, type PanelState } from './panel-view';

/** Looks the record up in the background, and again whenever the background reports changed data. */
export function PanelApp({
  context,
  api = backgroundApi,
  subscribe = subscribeToDataChanges,
}: {
  context: RecordContext;
  api?: Pick<BackgroundApi, 'lookupRecord'>;
  subscribe?: (onChange: () => void) => () => void;
}) {
  const [result, setResult] = useState<PanelState>({ state: 'loading' });
  const [revision, setRevision] = useState(0);

  useEffect(() => subscribe(() => setRevision((r) => r + 1)), [subscribe]);

  useEffect(() => {
    let live = true;
    api.lookupRecord({ context }).then(
      (next) => live && setResult(next),
      () => live && setResult({ state: 'error' }),
    );
    return () => {
      live = false;
    };
  }, [api, context, revision]);

  return <PanelView result={result} />;
}
