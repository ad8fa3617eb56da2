import { z } from 'zod';
import { AddressSchema } from './address';

/** What a CRM adapter reads off a record page: who is this? */
export const RecordContextSchema = z.object({
  crm: z.string(),
  kind: z.enum(['person', 'company']),
  /** Stable across visits: `${crm}:${host-or-tenant}:${object}:${id}`. */
  recordKey: z.string(),
  name: z.string().nullable(),
  emails: z.array(z.string()),
  companyName: z.string().nullable(),
  phone: z.string().nullable(),
  address: AddressSchema.nullable(),
});
export type RecordContext = z.infer<typeof RecordContextSchema>;
