import type { Context } from 'hono';
import type { Seat } from '../../lib/model';
import type { Clock } from '../clock';
import type { EventHub } from '../events/event-hub';
import type { LogSink } from './request-log';
import type { ProviderRegistry } from '../providers/provider-client';
import type { TokenService } from '../providers/token-refresh';
import type { Store } from '../store';
import type { SyncService } from '../sync/sync-service';

/** Hono context variables set by middleware. */
export interface AppEnv {
  Variables: { seat: Seat };
}

export interface AppDeps {
  store: Store;
  providers: ProviderRegistry;
  clock: Clock;
  tokens: TokenService;
  sync: SyncService;
  /** The workspace new pairing codes belong to. */
  workspaceId: string;
  /** Authorizes POST /admin/pairing-codes; null disables the admin routes. */
  adminToken: string | null;
  /** Exact extension origins, or null for any chrome-extension:// / moz-extension:// origin. */
  extensionOrigins: string[] | null;
  /** Peer address of the request, for rate limiting (the Node adapter's socket). */
  clientAddress?: (c: Context) => string;
  /** Server-sent events (GET /v1/events); absent, the route answers 404. */
  events?: EventHub;
  /** SSE heartbeat period; 25 s by default (tests shorten it). */
  heartbeatMs?: number;
  /** Structured request log (one JSON object per request, no secrets); absent, requests are not logged. */
  log?: LogSink;
  /** Per-seat request budget; 600 a minute by default. */
  seatRequestsPerMinute?: number;
  /** Webhook signing keys (QBO_WEBHOOK_VERIFIER_TOKEN, XERO_WEBHOOK_KEY); a provider without one gets 401s. */
  webhookKeys?: { qbo?: string | undefined; xero?: string | undefined };
}
