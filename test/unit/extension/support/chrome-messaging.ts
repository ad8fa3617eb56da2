import { vi } from 'vitest';

/**
 * @webext-core/messaging 4 calls chrome.runtime.sendMessage with a callback and answers through sendResponse, which
 * WXT's fake browser does not emulate. This stub has Chrome's semantics (a listener returning true answers later)
 * so the ProtocolMap can be exercised end to end in one process.
 */
export function stubChromeMessaging(): () => void {
  type Listener = (message: unknown, sender: object, sendResponse: (response: unknown) => void) => boolean | void;
  const listeners = new Set<Listener>();
  const runtime = {
    lastError: undefined,
    onMessage: {
      addListener: (l: Listener) => listeners.add(l),
      removeListener: (l: Listener) => listeners.delete(l),
    },
    sendMessage(message: unknown, callback: (response: unknown) => void) {
      const copy = JSON.parse(JSON.stringify(message)) as unknown;
      for (const listener of listeners) if (listener(copy, {}, (r) => callback(JSON.parse(JSON.stringify(r ?? null)))) === true) return;
      callback(undefined);
    },
  };
  vi.stubGlobal('chrome', { ...(globalThis as { chrome?: object }).chrome, runtime });
  return () => vi.unstubAllGlobals();
}
