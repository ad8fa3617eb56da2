import { z } from 'zod';

/** The accounting providers LedgerLens reads from. */
export const ProviderSchema = z.enum(['qbo', 'xero']);
export type Provider = z.infer<typeof ProviderSchema>;

export const PROVIDER_LABEL: Record<Provider, string> = {
  qbo: 'QuickBooks',
  xero: 'Xero',
};
