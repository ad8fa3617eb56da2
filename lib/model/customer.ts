import { z } from 'zod';
import { AddressSchema } from './address';
import { CurrencySchema, DecimalSchema } from './money';
import { ProviderSchema } from './provider';

/**
 * A provider customer (QBO Customer, Xero Contact with IsCustomer) normalized for the extension. One definition is
 * used by the proxy (which writes it into the feed) and the extension (which stores and displays it).
 */
export const CustomerSchema = z.object({
  provider: ProviderSchema,
  /** QBO realmId or Xero tenantId. */
  companyId: z.string().min(1),
  /** The proxy's connection this record came through. */
  connectionId: z.string().min(1),
  /** The provider's own id (QBO Id, Xero ContactID). */
  id: z.string().min(1),
  displayName: z.string(),
  companyName: z.string().nullable(),
  givenName: z.string().nullable(),
  familyName: z.string().nullable(),
  /** Every email the provider holds for the customer, as written there (matching normalizes). */
  emails: z.array(z.string()),
  phone: z.string().nullable(),
  billingAddress: AddressSchema.nullable(),
  shippingAddress: AddressSchema.nullable(),
  currency: CurrencySchema,
  /** Open balance in the customer's currency. */
  balance: DecimalSchema,
  /** Overdue part of the balance; null when the provider has not told us yet. */
  overdue: DecimalSchema.nullable(),
  active: z.boolean(),
  /** QBO sub-customers (ParentRef); null for top-level customers and for Xero. */
  parentId: z.string().nullable(),
  /** Provider's last-modified time, ISO 8601. */
  updatedAt: z.string(),
  /** Deep link into the provider's web app for this customer. */
  webUrl: z.string().url(),
});
export type Customer = z.infer<typeof CustomerSchema>;

/** Stable key of any provider record across companies: provider, company and the provider's id. */
export function recordKey(record: { provider: string; companyId: string; id: string }): string {
  return `${record.provider}:${record.companyId}:${record.id}`;
}
