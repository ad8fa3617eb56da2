import { z } from 'zod';
import { ConnectionStatusSchema } from '../../lib/model';

/**
 * What changed, said once per change by whichever proxy process made it, and heard by every process sharing the
 * store (PostgreSQL LISTEN/NOTIFY) so each can tell the seats streaming GET /v1/events from it. Events carry ids,
 * never data: a seat that hears `feed` pulls /v1/feed, which is the only source of truth.
 */
export const ProxyEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('feed'), workspaceId: z.string() }),
  z.object({
    type: z.literal('connections'),
    workspaceId: z.string(),
    connectionId: z.string(),
    status: z.union([ConnectionStatusSchema, z.literal('deleted')]),
  }),
  z.object({ type: z.literal('seat_revoked'), workspaceId: z.string(), seatId: z.string() }),
  /** The bus lost and regained its link (notifications may have been missed): re-announce every cursor. */
  z.object({ type: z.literal('resync') }),
]);
export type ProxyEvent = z.infer<typeof ProxyEventSchema>;

export interface EventPublisher {
  /** Best effort: never throws (a lost event costs a seat one alarm period, a thrown one would fail a write). */
  publish(event: ProxyEvent): Promise<void>;
}

export interface EventBus extends EventPublisher {
  subscribe(listener: (event: ProxyEvent) => void): () => void;
  close(): Promise<void>;
}

/** One process (PGlite): an in-process fan-out. */
export function createMemoryEventBus(): EventBus {
  const listeners = new Set<(event: ProxyEvent) => void>();
  return {
    async publish(event) {
      // Asynchronous like NOTIFY, so publishers never run listeners inside their own transaction's stack.
      queueMicrotask(() => {
        for (const listener of listeners) listener(event);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
