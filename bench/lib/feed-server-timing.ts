import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';

/**
 * Server-side time per request, taken inside the proxy's process from Node's own HTTP diagnostics channels (request
 * parsed → response finished), so the client's share of the latency can be told apart.
 */
export function recordServerTimes(filter: (url: string) => boolean): { take(): number[] } {
  const started = new WeakMap<IncomingMessage, bigint>();
  let durations: number[] = [];
  diagnostics.subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: IncomingMessage };
    if (filter(request.url ?? '')) started.set(request, process.hrtime.bigint());
  });
  diagnostics.subscribe('http.server.response.finish', (message) => {
    const { request } = message as { request: IncomingMessage };
    const start = started.get(request);
    if (start !== undefined) durations.push(Number(process.hrtime.bigint() - start) / 1e6);
  });
  return {
    take() {
      const out = durations;
      durations = [];
      return out;
    },
  };
}
