import { z } from 'zod';
import {
  AddressSchema,
  ConnectionSchema,
  CurrencySchema,
  CustomerSchema,
  DecimalSchema,
  EstimateSchema,
  FeedPageSchema,
  InvoiceSchema,
  LinkSchema,
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

/**
 * POST /v1/connections/authorize — the seat opens authorizeUrl in a tab; the provider redirects to the proxy.
 * Reconnect: pass the existing `connectionId` (same provider); the new grant replaces its tokens and clears
 * reconnect_required while the connection keeps its id, links and mirror. Without it, consenting to a company that
 * is already connected reconnects it too. A Xero consent covering several organisations shows a page where the
 * user ticks which to link; each becomes its own connection sharing the consent's tokens.
 */
export const AuthorizeRequestSchema = z.object({ provider: ProviderSchema, connectionId: z.string().min(1).max(100).optional() });
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

/**
 * POST /v1/connections/:id/reset → 202 {connection} (status 'syncing'). Keeps the connection, its settings and the
 * workspace's links; discards the mirror (every record becomes a feed tombstone) and the sync checkpoints, and
 * imports everything afresh from now (fresh upserts follow). 409 conflict when the connection needs reconnecting.
 */
export const ResetResponseSchema = z.object({ connection: ConnectionSchema });

/**
 * Provider-side disconnects (no seat token; browsers and providers reach them):
 * GET /oauth/qbo/disconnect?realmId= — Intuit's Disconnect URL. Removes that realm's connections in every workspace
 * (tokens, mirror, links) once QuickBooks confirms the grant is dead, and shows a page. A Xero organisation removed
 * from the app in Xero (403 from the API, or gone from GET /connections at the reconcile) is removed the same way;
 * seats see the connection disappear (SSE 'connections' event, feed tombstones).
 */

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
export type SyncRunsResponse = z.infer<typeof SyncRunsResponseSchema>;

/** GET /v1/skipped-records?connectionId=&reason=&limit= — from each connection's latest completed run. */
export const SkippedRecordsQuerySchema = z.object({
  connectionId: z.string().min(1).max(100).optional(),
  reason: SkipReasonSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export const SkippedRecordsResponseSchema = z.object({ records: z.array(SkippedRecordSchema) });

/* ── Per-company sync settings ─────────────────────────────────────────────────────────────────────────────── */

/** GET /v1/connections/:id/settings, PUT /v1/connections/:id/settings (body = ConnectionSettings) → the settings. */
export const ConnectionSettingsSchema = z.object({
  /** How often the periodic reconcile runs; webhooks keep the mirror fresh in between. */
  frequencyMinutes: z.number().int().min(5).max(1440),
  /** Import vendors (QBO) / suppliers (Xero) — needed to log time for vendors. */
  importVendors: z.boolean(),
  /** Import transactions dated on or after this day; null = the provider's whole history. */
  historicalFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  /**
   * For teams that match CRM records by email only: customers with no email are not mirrored, and each is listed in
   * the sync log (reason no_email). Changing it re-imports the customers, so turning it off brings them back.
   * Optional on input (older extensions omit it) = off.
   */
  requireEmail: z.boolean().default(false),
});
export type ConnectionSettings = z.infer<typeof ConnectionSettingsSchema>;
export const ConnectionSettingsResponseSchema = z.object({ settings: ConnectionSettingsSchema });

/* ── Actions. Every POST below requires an `Idempotency-Key` header (1–128 chars): the same key replays the
      first response and never creates a second record (the proxy also passes it to QBO requestid / Xero
      Idempotency-Key). ──────────────────────────────────────────────────────────────────────────────────── */

/** Who to create, as read from the CRM record (person vs company decides names and the address rule). */
export const NewCustomerSchema = z.object({
  kind: z.enum(['person', 'company']),
  displayName: z.string().trim().min(1).max(100),
  givenName: z.string().trim().max(100).nullable(),
  familyName: z.string().trim().max(100).nullable(),
  companyName: z.string().trim().max(100).nullable(),
  emails: z.array(z.string().trim().email().max(100)).max(10),
  phone: z.string().trim().max(30).nullable(),
  /** The person's own address (a consumer contact): becomes billing and shipping. */
  personalAddress: AddressSchema.nullable(),
  /** The company's address: used for a contact with a company. */
  companyAddress: AddressSchema.nullable(),
  currency: CurrencySchema.nullable(),
});
export type NewCustomer = z.infer<typeof NewCustomerSchema>;

/**
 * POST /v1/actions/customers {connectionId, customer, force?} → 201 {customer}. Searches first (email, then
 * normalized name): when it exists the answer is 409 {error:{code:'customer_exists', details:{candidates: Customer[]}}}
 * — "exists, link it?" — unless force=true. Provider validation (QBO 6240, Xero unique name) → 422 with the
 * provider's reason as a sentence.
 */
export const CreateCustomerRequestSchema = z.object({
  connectionId: z.string().min(1),
  customer: NewCustomerSchema,
  force: z.boolean().default(false),
});
export const CreateCustomerResponseSchema = z.object({ customer: CustomerSchema });

/** PUT /v1/links {recordKey, customerKey} → {link} (the customer is validated at the provider); GET /v1/links → {links};
 *  DELETE /v1/links?recordKey= → 204. */
export const PutLinkRequestSchema = z.object({
  recordKey: z.string().min(1).max(500),
  customerKey: z.string().min(1).max(300),
});
export const LinkResponseSchema = z.object({ link: LinkSchema });
export const LinksResponseSchema = z.object({ links: z.array(LinkSchema) });

/** POST /v1/actions/time-activities → 201 {timeActivity}. QBO only (Xero has no time tracking in Accounting). */
export const CreateTimeActivityRequestSchema = z
  .object({
    connectionId: z.string().min(1),
    customerId: z.string().min(1),
    party: z.object({ type: z.enum(['employee', 'vendor']), id: z.string().min(1) }),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    hours: z.number().int().min(0).max(24).nullable(),
    minutes: z.number().int().min(0).max(59).nullable(),
    startTime: z.string().datetime({ offset: true }).nullable(),
    endTime: z.string().datetime({ offset: true }).nullable(),
    billable: z.boolean(),
    itemId: z.string().nullable(),
    hourlyRate: DecimalSchema.nullable(),
    description: z.string().max(4000).nullable(),
  })
  .refine((r) => (r.hours !== null || r.minutes !== null) !== (r.startTime !== null && r.endTime !== null), {
    message: 'give either hours/minutes or a start and end time',
  });
export const TimeActivitySchema = z.object({
  id: z.string(),
  customerId: z.string(),
  date: z.string(),
  hours: z.number().int(),
  minutes: z.number().int(),
  billable: z.boolean(),
  description: z.string().nullable(),
});
export const CreateTimeActivityResponseSchema = z.object({ timeActivity: TimeActivitySchema });

/** POST /v1/actions/sales-documents → 201 {invoice} | {estimate}. QBO Invoice/Estimate, Xero Invoice/Quote. */
export const CreateSalesDocumentRequestSchema = z.object({
  connectionId: z.string().min(1),
  kind: z.enum(['invoice', 'estimate']),
  customerId: z.string().min(1),
  issueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  lines: z
    .array(
      z.object({
        itemId: z.string().min(1).nullable(),
        description: z.string().max(4000).nullable(),
        quantity: DecimalSchema,
        unitPrice: DecimalSchema,
        /** Provider tax code; null = the item's default (or, for QBO outside the US, the exempt code). */
        taxCode: z.string().max(50).nullable(),
      }),
    )
    .min(1)
    .max(100),
  /** Email it to the customer where the provider supports sending. */
  send: z.boolean().default(false),
});
export const CreateSalesDocumentResponseSchema = z.union([
  z.object({ invoice: InvoiceSchema }),
  z.object({ estimate: EstimateSchema }),
]);
