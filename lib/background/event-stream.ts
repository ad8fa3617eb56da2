/**
 * The proxy's server-sent events (GET /v1/events), read with fetch rather than EventSource: EventSource is not
 * exposed in service workers (MV3 background), while a streamed fetch is, and fetch can send the bearer header so
 * the token stays out of URLs and logs. Reconnects with exponential backoff; the alarm is the fallback while the
 * worker sleeps (api-facts.md §3: an idle worker is stopped after 30 s whatever streams are open).
 */

export interface ServerEvent {
  event: string;
  data: string;
}

/** Incremental text/event-stream parser (https://html.spec.whatwg.org/multipage/server-sent-events.html). */
export function createSseParser(onEvent: (event: ServerEvent) => void) {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  return (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.search(/\r\n|\n|\r/)) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
      if (line === '') {
        if (data.length > 0) onEvent({ event: event || 'message', data: data.join('\n') });
        event = '';
        data = [];
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
  };
}

export interface EventStreamDeps {
  url: () => Promise<{ url: string; token: string } | null>;
  onEvent: (event: ServerEvent) => void;
  fetch?: typeof fetch;
  /** Delay before reconnect attempt n (0-based). */
  backoffMs?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const defaultBackoff = (attempt: number) => Math.min(60_000, 1_000 * 2 ** attempt);

export function createEventStream(deps: EventStreamDeps) {
  const fetchImpl = deps.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const backoff = deps.backoffMs ?? defaultBackoff;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let controller: AbortController | null = null;
  let timer: unknown = null;
  let attempt = 0;
  let running = false;

  async function connect(): Promise<void> {
    timer = null;
    const target = await deps.url();
    if (!running || !target) return;
    controller = new AbortController();
    try {
      const response = await fetchImpl(target.url, {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${target.token}` },
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`);
      const parse = createSseParser((event) => {
        attempt = 0; // a delivered event proves the stream healthy
        deps.onEvent(event);
      });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parse(value);
      }
    } catch {
      // Refused, aborted or dropped: fall through to the reconnect below.
    }
    controller = null;
    if (running) timer = setTimer(() => void connect(), backoff(attempt++));
  }

  return {
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      void connect();
    },
    stop() {
      running = false;
      controller?.abort();
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
    /** After pairing or unpairing: drop the current stream and connect with the new credentials. */
    restart() {
      this.stop();
      this.start();
    },
    get running() {
      return running;
    },
  };
}
