/**
 * Fast polling while something is in progress (a sync, a consent tab). `tick` returns whether to go on. Not an
 * alarm: packed Chrome extensions cannot fire alarms more often than every 30 s (api-facts.md §3); the minute
 * alarm is the fallback when the service worker was stopped.
 */
export function createPoller(deps: {
  intervalMs: number;
  tick: () => Promise<boolean>;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}) {
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  let handle: unknown = null;

  function schedule() {
    handle = setTimer(async () => {
      let more: boolean;
      try {
        more = await deps.tick();
      } catch {
        more = false;
      }
      // stop() may have run while the tick was in flight.
      if (handle === null) return;
      if (more) schedule();
      else handle = null;
    }, deps.intervalMs);
  }

  return {
    start() {
      if (handle === null) schedule();
    },
    stop() {
      if (handle !== null) clearTimer(handle);
      handle = null;
    },
    get running() {
      return handle !== null;
    },
  };
}
