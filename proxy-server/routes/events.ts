import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { HttpError } from '../errors';
import type { AppDeps, AppEnv } from '../http/app-env';

export const HEARTBEAT_MS = 25_000;
/** EventSource reconnect delay the server asks for (ms). */
const RETRY_MS = 5_000;

/**
 * GET /v1/events — server-sent events for one seat (auth: the bearer header, or `?token=` because EventSource
 * cannot send headers; see QUERY_TOKEN_PATHS). Events:
 *   event: feed         data: {"cursor": "..."}     the workspace's feed has moved on; pull /v1/feed from your cursor
 *                                                   (also sent first, so a reconnecting seat knows whether it is behind)
 *   event: connections  data: {"connectionId", "status"}  a connection's status changed (status "deleted" on disconnect)
 * and a comment line every 25 s, which keeps proxies and load balancers from closing an idle stream.
 */
export function eventsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/events', (c) => {
    const hub = deps.events;
    if (!hub) throw new HttpError(404, 'not_found', 'This proxy does not stream events.');
    const seat = c.get('seat');
    c.header('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
    return streamSSE(c, async (stream) => {
      let finish = () => undefined as void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const detach = hub.attach(seat.workspaceId, {
        seatId: seat.id,
        send: (name, data) => void stream.writeSSE({ event: name, data: JSON.stringify(data) }).catch(finish),
        close: finish,
      });
      stream.onAbort(finish);
      const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n').catch(finish), deps.heartbeatMs ?? HEARTBEAT_MS);
      try {
        await stream.writeSSE({
          event: 'feed',
          data: JSON.stringify({ cursor: await hub.currentCursor(seat.workspaceId) }),
          retry: RETRY_MS,
        });
        await finished;
      } finally {
        clearInterval(heartbeat);
        detach();
      }
    });
  });
}
