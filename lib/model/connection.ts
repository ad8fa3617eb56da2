import { z } from 'zod';
import { CurrencySchema } from './money';
import { ProviderSchema } from './provider';

export const ConnectionStatusSchema = z.enum(['connected', 'syncing', 'reconnect_required', 'error']);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

export const SyncProgressSchema = z.object({
  entity: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
});

/** One linked accounting company (a QBO realm or a Xero tenant) as the seats see it. */
export const ConnectionSchema = z.object({
  id: z.string(),
  provider: ProviderSchema,
  companyId: z.string(),
  companyName: z.string(),
  currency: CurrencySchema.nullable(),
  status: ConnectionStatusSchema,
  /** A user-facing reason when status is error or reconnect_required. */
  statusMessage: z.string().nullable(),
  progress: SyncProgressSchema.nullable(),
  lastSyncAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Connection = z.infer<typeof ConnectionSchema>;
