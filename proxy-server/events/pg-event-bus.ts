import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Queryable } from '../store/db';
import { ProxyEventSchema, type EventBus, type ProxyEvent } from './event-bus';

/** NOTIFY channels are database-wide: derive one per schema so proxies on other schemas do not hear ours. */
export function channelFor(schema: string | undefined): string {
  return `ledgerlens_events_${createHash('sha256').update(schema ?? 'public').digest('hex').slice(0, 16)}`;
}

const RECONNECT_MS = 1000;

/**
 * Several proxy processes on one PostgreSQL: publish with pg_notify through the pool, listen on one dedicated
 * client (a pooled client cannot hold LISTEN). Notifications are delivered to every listener, the publisher's own
 * process included, so local and remote changes take the same path. If the listening link drops, it reconnects
 * and announces `resync`, because notifications sent meanwhile are gone.
 */
export async function createPgEventBus(options: {
  connectionString: string;
  schema: string | undefined;
  db: Queryable;
  log?: (message: string) => void;
}): Promise<EventBus> {
  const channel = channelFor(options.schema);
  const listeners = new Set<(event: ProxyEvent) => void>();
  const log = options.log ?? ((m: string) => console.warn(m));
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const deliver = (event: ProxyEvent) => {
    for (const listener of listeners) listener(event);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.connectionString });
    next.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      let json: unknown;
      try {
        json = JSON.parse(message.payload);
      } catch {
        return;
      }
      const parsed = ProxyEventSchema.safeParse(json);
      if (parsed.success) deliver(parsed.data);
    });
    next.on('error', (error) => {
      log(`event bus: listener connection lost (${error.message}); reconnecting`);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      schedule();
    });
    await next.connect();
    await next.query(`LISTEN ${channel}`);
    client = next;
  }

  function schedule(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        () => deliver({ type: 'resync' }),
        (error: unknown) => {
          log(`event bus: reconnect failed (${(error as Error).message})`);
          schedule();
        },
      );
    }, RECONNECT_MS);
  }

  await connect();
  return {
    async publish(event) {
      try {
        await options.db.query('SELECT pg_notify($1, $2)', [channel, JSON.stringify(event)]);
      } catch (error) {
        log(`event bus: publish failed (${(error as Error).message})`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      listeners.clear();
      await client?.end().catch(() => undefined);
      client = null;
    },
  };
}
