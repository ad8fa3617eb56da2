import type { EventBus, EventPublisher, ProxyEvent } from './event-bus';

export interface StreamSink {
  seatId: string;
  /** Writes one SSE event (`event: <name>`, `data: <json>`). */
  send(name: 'feed' | 'connections', data: unknown): void;
  /** The seat was revoked: end its stream. */
  close(): void;
}

export interface EventHub extends EventPublisher {
  /** The workspace's latest cursor, for the first event of a stream. */
  currentCursor(workspaceId: string): Promise<string>;
  attach(workspaceId: string, sink: StreamSink): () => void;
  /**
   * Every bus event as it arrives, uncoalesced: for in-process caches of what events invalidate (the feed page cache,
   * proxy-server/feed/feed-cache.ts), which must drop a page before the write that changed it has answered.
   */
  subscribe?(listener: (event: ProxyEvent) => void): () => void;
  /** Ends every stream (shutdown). */
  close(): void;
}

/**
 * Fans bus events out to the SSE streams of this process. A burst of feed changes (a sync writes page after page)
 * becomes at most one cursor look-up per workspace per `coalesceMs`, however many seats listen: the database load
 * of a change does not grow with seats.
 */
export function createEventHub(deps: {
  bus: EventBus;
  latestCursor: (workspaceId: string) => Promise<string>;
  coalesceMs?: number;
}): EventHub {
  const coalesceMs = deps.coalesceMs ?? 100;
  const sinks = new Map<string, Set<StreamSink>>();
  const pending = new Map<string, NodeJS.Timeout>();

  function announceCursor(workspaceId: string): void {
    if (pending.has(workspaceId) || !sinks.has(workspaceId)) return;
    pending.set(
      workspaceId,
      setTimeout(() => {
        pending.delete(workspaceId);
        deps.latestCursor(workspaceId).then(
          (cursor) => {
            for (const sink of sinks.get(workspaceId) ?? []) sink.send('feed', { cursor });
          },
          (error: unknown) => console.warn(`events: cursor look-up failed: ${(error as Error).message}`),
        );
      }, coalesceMs),
    );
  }

  function onEvent(event: ProxyEvent): void {
    switch (event.type) {
      case 'feed':
        announceCursor(event.workspaceId);
        return;
      case 'connections':
        for (const sink of sinks.get(event.workspaceId) ?? []) {
          sink.send('connections', { connectionId: event.connectionId, status: event.status });
        }
        return;
      case 'seat_revoked':
        for (const sink of [...(sinks.get(event.workspaceId) ?? [])]) if (sink.seatId === event.seatId) sink.close();
        return;
      case 'resync':
        for (const workspaceId of sinks.keys()) announceCursor(workspaceId);
        return;
    }
  }

  const unsubscribe = deps.bus.subscribe(onEvent);
  return {
    publish: (event) => deps.bus.publish(event),
    currentCursor: (workspaceId) => deps.latestCursor(workspaceId),
    subscribe: (listener) => deps.bus.subscribe(listener),
    attach(workspaceId, sink) {
      let set = sinks.get(workspaceId);
      if (!set) sinks.set(workspaceId, (set = new Set()));
      set.add(sink);
      return () => {
        set.delete(sink);
        if (set.size === 0) sinks.delete(workspaceId);
      };
    },
    close() {
      unsubscribe();
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      for (const set of [...sinks.values()]) for (const sink of [...set]) sink.close();
      sinks.clear();
    },
  };
}
