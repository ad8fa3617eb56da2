import { z } from 'zod';
import {
  ConnectionSchema,
  FeedPageSchema,
  ProviderSchema,
  SeatSchema,
  SkipReasonSchema,
  SkippedRecordSchema,
  SyncRunSchema,
} from './model';

/**
 * The proxy's HTTP contract, shared by the proxy (validation) and the extension (parsing). Every route under /v1
 * except POST /v1/pair needs `Authorization: Bearer <seat token>`. Errors always have ApiErrorSchema's shape.
 */
export const API_VERSION_PREFIX = '/v1';

export const ApiErrorSchema = z.object({
  error: z.object({
    /** Stable, machine-readable; see proxy-server/errors.ts for the list. */
    code: z.string(),
    /** A sentence a user can act on. */
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** POST /v1/pair — trades a one-time pairing code for a seat token. */
export const PairRequestSchema = z.object({
  code: z.string().trim().min(4).max(64),
  name: z.string().trim().min(1).max(100),
});
export const PairResponseSchema = z.object({ token: z.string(), seat: SeatSchema });

/** GET /v1/me */
export const MeResponseSchema = z.object({ seat: SeatSchema });

/** GET /v1/connections */
export const ConnectionsResponseSchema = z.object({ connections: z.array(ConnectionSchema) });

/** POST /v1/connections/authorize — the seat opens authorizeUrl in a tab; the provider redirects to the proxy. */
export const AuthorizeRequestSchema = z.object({ provider: ProviderSchema });
export const AuthorizeResponseSchema = z.object({ authorizeUrl: z.string().url(), expiresAt: z.string() });

/** POST /v1/connections/:id/sync → 202 */
export const SyncResponseSchema = z.object({ connection: ConnectionSchema });

/** GET /v1/feed?cursor=&limit= */
export const FeedQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});
export { FeedPageSchema };

/** DELETE /v1/connections/:id → 204 (revokes at the provider, deletes tokens and the mirror). */

/** A seat as the workspace owner sees it in GET /v1/seats. */
export const SeatListItemSchema = SeatSchema.extend({
  revokedAt: z.string().nullable(),
  /** True for the seat making the request. */
  current: z.boolean(),
});
export type SeatListItem = z.infer<typeof SeatListItemSchema>;

/** POST /v1/pairing-codes → 201 (owner only): a one-time code another install pairs with. */
export const PairingCodeResponseSchema = z.object({ code: z.string(), expiresAt: z.string() });

/** GET /v1/seats (owner only) */
export const SeatsResponseSchema = z.object({ seats: z.array(SeatListItemSchema) });

/** DELETE /v1/seats/:id → 204 (owner: any seat but its own; member: only its own). The seat's next request gets 401. */
export const SeatIdParamsSchema = z.object({ id: z.string().min(1).max(100) });

/** GET /v1/sync-runs?connectionId=&limit= — newest first. */
export const SyncRunsQuerySchema = z.object({
  connectionId: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
});
export const SyncRunsResponseSchema = z.object({ runs: z.array(SyncRunSchema) });

/** GET /v1/skipped-records?connectionId=&reason=&limit= — from each connection's latest completed run. */
export const SkippedRecordsQuerySchema = z.object({
  connectionId: z.string().min(1).max(100).optional(),
  reason: SkipReasonSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const SkippedRecordsResponseSchema = z.object({ records: z.array(SkippedRecordSchema) });
