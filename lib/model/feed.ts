import { z } from 'zod';
import { CustomerSchema } from './customer';

/**
 * The change feed a seat pulls from the proxy: the workspace's mirror as an ordered log of upserts and deletions.
 * `key` is recordKey(record). Later entities (invoices, payments…) join the discriminated union on `entity`.
 */
export const FeedItemSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('upsert'), entity: z.literal('customer'), key: z.string(), data: CustomerSchema }),
  z.object({ op: z.literal('delete'), entity: z.literal('customer'), key: z.string(), connectionId: z.string() }),
]);
export type FeedItem = z.infer<typeof FeedItemSchema>;

export const FeedPageSchema = z.object({
  items: z.array(FeedItemSchema),
  /** Opaque; pass it back to continue after the last item of this page. */
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type FeedPage = z.infer<typeof FeedPageSchema>;
