import { z } from 'zod';
import { ProviderError } from '../provider-client';

/** GET /Organisation (examples/getOrganisations.200.json): what the proxy needs to show and link the organisation. */
export interface XeroOrganisation {
  tenantId: string;
  name: string;
  /** ISO 4217, or null when Xero sent something else. */
  baseCurrency: string | null;
  /** For deep links (api-facts.md §2 "Deep links"); starts with "!". */
  shortCode: string | null;
  countryCode: string | null;
}

const Envelope = z.object({
  Organisations: z
    .array(
      z
        .object({
          OrganisationID: z.string().optional(),
          Name: z.string().min(1),
          BaseCurrency: z.string().nullish(),
          ShortCode: z.string().nullish(),
          CountryCode: z.string().nullish(),
        })
        .passthrough(),
    )
    .min(1),
});

export function mapXeroOrganisation(body: unknown, tenantId: string): XeroOrganisation {
  const parsed = Envelope.safeParse(body);
  if (!parsed.success) throw new ProviderError('malformed_response', 'Xero sent an unexpected Organisation response.');
  const org = parsed.data.Organisations[0] as z.infer<typeof Envelope>['Organisations'][number];
  const currency = org.BaseCurrency?.trim().toUpperCase() ?? '';
  return {
    tenantId,
    name: org.Name,
    baseCurrency: /^[A-Z]{3}$/.test(currency) ? currency : null,
    shortCode: org.ShortCode?.trim() || null,
    countryCode: org.CountryCode?.trim() || null,
  };
}
