import { useCallback, useRef, useState } from 'react';
import type { ActionResult, ErrorInfo } from '@/lib/messaging';

export type SubmissionState<T> =
  | { phase: 'idle' }
  | { phase: 'busy' }
  | { phase: 'done'; result: T }
  | { phase: 'failed'; error: ErrorInfo };

/**
 * One Idempotency-Key per form submission, reused when the user retries after a failure (the first attempt may have
 * reached the provider), dropped after success or when the form changes. With the button disabled while busy, a
 * double click never creates two records.
 */
export function useSubmission<T extends object>(newKey: () => string = () => crypto.randomUUID()) {
  const key = useRef<string | null>(null);
  // A ref, not state: two clicks in the same frame both run before React re-renders the disabled button.
  const inFlight = useRef(false);
  const [state, setState] = useState<SubmissionState<T>>({ phase: 'idle' });
  const submit = useCallback(
    async (send: (idempotencyKey: string) => Promise<ActionResult<T>>) => {
      if (inFlight.current) return;
      inFlight.current = true;
      key.current ??= newKey();
      setState({ phase: 'busy' });
      try {
        const result = await send(key.current);
        if (result.ok) {
          key.current = null;
          setState({ phase: 'done', result: result as T });
        } else setState({ phase: 'failed', error: result.error });
      } catch {
        setState({ phase: 'failed', error: { code: 'internal', message: 'LedgerLens did not answer. Try again.' } });
      } finally {
        inFlight.current = false;
      }
    },
    [newKey],
  );
  /** The user edited the form: the next submission is a different request. */
  const changed = useCallback(() => {
    key.current = null;
  }, []);
  return { state, submit, changed, reset: () => setState({ phase: 'idle' }) };
}

export function SubmissionStatus<T>({ state, done }: { state: SubmissionState<T>; done: (result: T) => string }) {
  if (state.phase === 'busy') return <p role="status" className="ll-muted">Working…</p>;
  if (state.phase === 'done') return <p role="status" className="ll-ok" data-testid="action-result">{done(state.result)}</p>;
  if (state.phase === 'failed') return <p role="alert" className="ll-error" data-testid="action-error">{state.error.message}</p>;
  return null;
}
