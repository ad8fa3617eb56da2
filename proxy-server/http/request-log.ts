import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env';

export type LogSink = (entry: Record<string, unknown>) => void;

export const jsonLines: LogSink = (entry) => process.stdout.write(`${JSON.stringify(entry)}\n`);

/**
 * One JSON line per request: method, path, status, duration, seat id. Deliberately never the query string (the
 * OAuth callback carries `code` and `state`, /v1/events may carry `?token=`), headers (Authorization) or bodies
 * (pairing codes, tokens).
 */
export function requestLog(sink: LogSink, now: () => number = Date.now): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = now();
    let failed = false;
    try {
      await next();
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      sink({
        time: new Date(started).toISOString(),
        level: failed || c.res.status >= 500 ? 'error' : 'info',
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        status: failed ? 500 : c.res.status,
        durationMs: now() - started,
        ...(c.get('seat') ? { seatId: c.get('seat').id } : {}),
      });
    }
  };
}
