import { z } from 'zod';

/**
 * A manual link: this CRM record is that provider customer. Links are shared by the whole workspace (one seat links,
 * every seat's panel uses it) and travel to the seats through the feed as entity "link", keyed `link:${recordKey}`.
 */
export const LinkSchema = z.object({
  /** RecordContext.recordKey of the CRM record. */
  recordKey: z.string().min(1).max(500),
  /** recordKey(customer) of the provider customer: `${provider}:${companyId}:${id}`. */
  customerKey: z.string().min(1).max(300),
  connectionId: z.string(),
  createdBySeatId: z.string(),
  createdAt: z.string(),
});
export type Link = z.infer<typeof LinkSchema>;

export function linkFeedKey(recordKey: string): string {
  return `link:${recordKey}`;
}
