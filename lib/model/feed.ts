import { z } from 'zod';
import { CustomerSchema } from './customer';
import { LinkSchema } from './link';
import { CreditNoteSchema, EstimateSchema, InvoiceSchema, ItemSchema, PartySchema, PaymentSchema } from './transactions';

/**
 * The change feed a seat pulls from the proxy: the workspace's mirror as an ordered log of upserts and deletions.
 * `key` is recordKey(record). One schema per entity; adding an entity = one line in FEED_ENTITY_SCHEMAS.
 */
export const FEED_ENTITY_SCHEMAS = {
  customer: CustomerSchema,
  invoice: InvoiceSchema,
  estimate: EstimateSchema,
  payment: PaymentSchema,
  credit_note: CreditNoteSchema,
  item: ItemSchema,
  employee: PartySchema,
  vendor: PartySchema,
  link: LinkSchema,
} as const;

export type FeedEntity = keyof typeof FEED_ENTITY_SCHEMAS;
export const FeedEntitySchema = z.enum(Object.keys(FEED_ENTITY_SCHEMAS) as [FeedEntity, ...FeedEntity[]]);

function upsertOf<E extends FeedEntity>(entity: E) {
  return z.object({
    op: z.literal('upsert'),
    entity: z.literal(entity),
    key: z.string(),
    data: FEED_ENTITY_SCHEMAS[entity] as (typeof FEED_ENTITY_SCHEMAS)[E],
  });
}

export const FeedDeleteSchema = z.object({
  op: z.literal('delete'),
  entity: FeedEntitySchema,
  key: z.string(),
  connectionId: z.string(),
});

export const FeedItemSchema = z.union([
  upsertOf('customer'),
  upsertOf('invoice'),
  upsertOf('estimate'),
  upsertOf('payment'),
  upsertOf('credit_note'),
  upsertOf('item'),
  upsertOf('employee'),
  upsertOf('vendor'),
  upsertOf('link'),
  FeedDeleteSchema,
]);
export type FeedItem = z.infer<typeof FeedItemSchema>;

export const FeedPageSchema = z.object({
  items: z.array(FeedItemSchema),
  /** Opaque; pass it back to continue after the last item of this page. */
  cursor: z.string(),
  hasMore: z.boolean(),
});
export type FeedPage = z.infer<typeof FeedPageSchema>;
