/**
 * Never two runs at once. A call made while a run is in progress joins it and schedules exactly one follow-up run
 * (its caller may know something the running one already passed, e.g. new items on the proxy), so callers see a
 * result at least as fresh as their call.
 */
export function singleFlight<T>(run: () => Promise<T>): { (): Promise<T>; readonly busy: boolean } {
  let current: Promise<T> | null = null;
  let again = false;

  async function loop(): Promise<T> {
    let result: T;
    do {
      again = false;
      result = await run();
    } while (again);
    return result;
  }

  const call = () => {
    if (current) {
      again = true;
      return current;
    }
    current = loop().finally(() => {
      current = null;
      again = false;
    });
    return current;
  };
  Object.defineProperty(call, 'busy', { get: () => current !== null });
  return call as { (): Promise<T>; readonly busy: boolean };
}
