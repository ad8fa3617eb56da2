import { z } from 'zod';
import { ProviderError } from '../provider-client';

/** QBO's response envelopes (reference/README.md "Contract facts"): parse, or fail with a clear ProviderError. */
const FaultSchema = z.object({
  Fault: z.object({
    Error: z.array(z.object({ Message: z.string().optional(), Detail: z.string().optional(), code: z.string().optional() }).passthrough()).optional(),
    type: z.string().optional(),
  }),
});

export const QueryEnvelopeSchema = z.object({
  QueryResponse: z
    .object({
      Customer: z.array(z.unknown()).optional(),
      startPosition: z.number().optional(),
      maxResults: z.number().optional(),
    })
    .passthrough(),
});

export const CompanyInfoEnvelopeSchema = z.object({
  CompanyInfo: z.object({ CompanyName: z.string().min(1), Country: z.string().optional() }).passthrough(),
});

export const PreferencesEnvelopeSchema = z.object({
  Preferences: z
    .object({ CurrencyPrefs: z.object({ HomeCurrency: z.object({ value: z.string() }).partial().optional() }).partial().optional() })
    .passthrough(),
});

/** An HTTP 200 can still carry a Fault (api-facts.md §1 Errors). */
export function throwIfFault(body: unknown): void {
  const fault = FaultSchema.safeParse(body);
  if (!fault.success) return;
  const first = fault.data.Fault.Error?.[0];
  const code = first?.code ? ` (code ${first.code})` : '';
  throw new ProviderError('rejected', `QuickBooks refused the request: ${first?.Message ?? fault.data.Fault.type ?? 'fault'}${code}.`);
}

export function parseEnvelope<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  throwIfFault(body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new ProviderError('malformed_response', `QuickBooks sent an unexpected ${what} response.`);
  }
  return parsed.data;
}
