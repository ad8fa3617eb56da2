import { z } from 'zod';
import { CurrencySchema, DecimalSchema } from './money';
import { ProviderSchema } from './provider';

/** Fields every mirrored provider record carries (see Customer). */
const RecordBase = {
  provider: ProviderSchema,
  companyId: z.string().min(1),
  connectionId: z.string().min(1),
  id: z.string().min(1),
  /** Provider's last-modified time, ISO 8601. */
  updatedAt: z.string(),
};

/** A calendar date as the provider states it (no time zone): YYYY-MM-DD. */
export const DateOnlySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const LineSchema = z.object({
  description: z.string().nullable(),
  itemId: z.string().nullable(),
  itemName: z.string().nullable(),
  quantity: DecimalSchema.nullable(),
  unitPrice: DecimalSchema.nullable(),
  /** Line amount before tax, in the document's currency. */
  amount: DecimalSchema,
  taxCode: z.string().nullable(),
});
export type Line = z.infer<typeof LineSchema>;

/**
 * Sales documents. `status` is normalized across providers; "overdue" is not a status but a fact of the due date
 * and the balance at the time you look (see lib/model/ageing.ts).
 */
export const InvoiceStatusSchema = z.enum(['draft', 'open', 'paid', 'void']);
export const InvoiceSchema = z.object({
  ...RecordBase,
  customerId: z.string(),
  number: z.string().nullable(),
  status: InvoiceStatusSchema,
  issueDate: DateOnlySchema,
  dueDate: DateOnlySchema.nullable(),
  currency: CurrencySchema,
  total: DecimalSchema,
  /** Amount still due. */
  balance: DecimalSchema,
  lines: z.array(LineSchema),
  webUrl: z.string().url().nullable(),
});
export type Invoice = z.infer<typeof InvoiceSchema>;

export const EstimateStatusSchema = z.enum(['draft', 'pending', 'accepted', 'declined', 'closed', 'expired']);
/** QBO Estimate, Xero Quote. */
export const EstimateSchema = z.object({
  ...RecordBase,
  customerId: z.string(),
  number: z.string().nullable(),
  status: EstimateStatusSchema,
  issueDate: DateOnlySchema,
  expiryDate: DateOnlySchema.nullable(),
  currency: CurrencySchema,
  total: DecimalSchema,
  lines: z.array(LineSchema),
  webUrl: z.string().url().nullable(),
});
export type Estimate = z.infer<typeof EstimateSchema>;

export const PaymentSchema = z.object({
  ...RecordBase,
  customerId: z.string(),
  date: DateOnlySchema,
  currency: CurrencySchema,
  amount: DecimalSchema,
  reference: z.string().nullable(),
  appliedTo: z.array(z.object({ invoiceId: z.string(), amount: DecimalSchema })),
  webUrl: z.string().url().nullable(),
});
export type Payment = z.infer<typeof PaymentSchema>;

/** QBO CreditMemo, Xero ACCRECCREDIT credit note. */
export const CreditNoteSchema = z.object({
  ...RecordBase,
  customerId: z.string(),
  number: z.string().nullable(),
  status: InvoiceStatusSchema,
  date: DateOnlySchema,
  currency: CurrencySchema,
  total: DecimalSchema,
  /** Credit not yet applied. */
  remaining: DecimalSchema,
  lines: z.array(LineSchema),
  webUrl: z.string().url().nullable(),
});
export type CreditNote = z.infer<typeof CreditNoteSchema>;

export const ItemSchema = z.object({
  ...RecordBase,
  name: z.string(),
  sku: z.string().nullable(),
  description: z.string().nullable(),
  type: z.enum(['service', 'inventory', 'non_inventory', 'other']),
  unitPrice: DecimalSchema.nullable(),
  /** Default sales tax code (QBO TaxCodeRef, Xero TaxType). */
  taxCode: z.string().nullable(),
  active: z.boolean(),
});
export type Item = z.infer<typeof ItemSchema>;

/** QBO Employee and Vendor, Xero supplier contacts: whoever time can be logged for. */
export const PartySchema = z.object({
  ...RecordBase,
  displayName: z.string(),
  emails: z.array(z.string()),
  active: z.boolean(),
});
export type Party = z.infer<typeof PartySchema>;
