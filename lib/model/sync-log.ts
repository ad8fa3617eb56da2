import { z } from 'zod';

/** What started a sync run. */
export const SyncTriggerSchema = z.enum(['initial', 'manual', 'webhook', 'schedule', 'reconcile']);
export type SyncTrigger = z.infer<typeof SyncTriggerSchema>;

export const SyncRunStatusSchema = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type SyncRunStatus = z.infer<typeof SyncRunStatusSchema>;

/** Per entity of one run: read from the provider, changed in the mirror, removed (tombstoned), skipped. */
export const EntityCountsSchema = z.object({
  fetched: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});
export type EntityCounts = z.infer<typeof EntityCountsSchema>;

/** One sync of one connection (the options page's sync log, as Legrand's sync log and HubSpot's sync health). */
export const SyncRunSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  trigger: SyncTriggerSchema,
  status: SyncRunStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  counts: z.record(z.string(), EntityCountsSchema),
  /** Requests that reached the provider (retries included): what the run cost against the company's limits. */
  providerCalls: z.number().int().nonnegative(),
  /** User-facing messages; never tokens or raw provider bodies. */
  errors: z.array(z.string()),
});
export type SyncRun = z.infer<typeof SyncRunSchema>;

/**
 * Why a provider record is listed in the sync log. Every one but shared_email means the record is NOT in the mirror;
 * shared_email records ARE imported (never silently dropped) and listed so the user knows email matching is ambiguous.
 */
export const SkipReasonSchema = z.enum([
  'no_name', // no company name and no last name (nothing to show or match by)
  'no_email', // no email while email matching is required
  'shared_email', // imported, but several customers share this email
  'currency_unsupported', // no currency we can show (none on the record and no home currency)
  'provider_validation', // the provider's data breaks its own rules (e.g. an impossible balance)
  'malformed', // a record we could not read at all
]);
export type SkipReason = z.infer<typeof SkipReasonSchema>;

export const SkippedRecordSchema = z.object({
  id: z.string(),
  connectionId: z.string(),
  runId: z.string(),
  entity: z.string(),
  /** The provider's id, when the record had a readable one. */
  providerId: z.string().nullable(),
  reason: SkipReasonSchema,
  /** A sentence the user understands. */
  message: z.string(),
  recordedAt: z.string(),
});
export type SkippedRecord = z.infer<typeof SkippedRecordSchema>;
