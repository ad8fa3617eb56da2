import { z } from 'zod';
import {
  EstimateSchema,
  InvoiceSchema,
  decimalFromNumber,
  fromScaled,
  toScaled,
  type Estimate,
  type Invoice,
  type Line,
} from '../../../lib/model';
import { ProviderError } from '../provider-client';
import { ProviderRejection, type CreatedSalesDocument, type SalesDocumentDraft } from '../provider-writes';

/**
 * Invoice / Estimate writes for QBO: the request body from item lines (SalesItemLineDetail with ItemRef, Qty,
 * UnitPrice, TaxCodeRef — create__invoice__0.json) and the created document back into the normalized model.
 */

/** What tax needs to know about the company and the items on the lines. */
export interface TaxContext {
  /** US companies use the pseudo codes TAX/NON; everywhere else every line needs a real TaxCode id. */
  us: boolean;
  /** Item id → its default sales tax code (Item.SalesTaxCodeRef) and whether it is taxable. */
  items: ReadonlyMap<string, { taxCode: string | null; taxable: boolean }>;
  /** The company's exempt (or zero/no-VAT) code, for non-US lines with no code of their own or of their item. */
  exemptCode: string | null;
}

/**
 * The tax code of one line. Non-US QBO refuses a transaction whose lines lack a TaxCodeRef ("Make sure all your
 * transactions have a VAT rate before you save.", the reason HubSpot cannot invoice most non-US companies —
 * api-facts.md Complaints §5), so: the line's code, else the item's default, else the company's exempt code.
 */
export function lineTaxCode(line: SalesDocumentDraft['lines'][number], tax: TaxContext): string {
  const item = line.itemId ? tax.items.get(line.itemId) : undefined;
  if (tax.us) {
    const code = line.taxCode?.toUpperCase();
    if (code === 'TAX' || code === 'NON') return code;
    if (code !== undefined) {
      throw new ProviderRejection(`QuickBooks companies in the US take the tax codes TAX or NON, not "${line.taxCode}".`, 'validation', null);
    }
    return item?.taxable ? 'TAX' : 'NON';
  }
  const code = line.taxCode ?? item?.taxCode ?? tax.exemptCode;
  if (!code) {
    throw new ProviderRejection(
      'This QuickBooks company charges VAT/GST, so every line needs a tax code, and the company has no exempt code to fall back on. Choose a tax code for each line.',
      'validation',
      null,
    );
  }
  return code;
}

/** Picks the exempt code among the company's TaxCodes (names vary by country: Exempt, No VAT, Zero-rated…). */
export function findExemptCode(codes: readonly { Id?: unknown; Name?: unknown; Active?: unknown }[]): string | null {
  const usable = codes.filter((c) => typeof c.Id === 'string' && typeof c.Name === 'string' && c.Active !== false) as {
    Id: string;
    Name: string;
  }[];
  for (const pattern of [/^exempt$/i, /exempt/i, /^no vat$/i, /out of scope/i, /zero/i]) {
    const found = usable.find((c) => pattern.test(c.Name));
    if (found) return found.Id;
  }
  return null;
}

/** qty × price, exact, rounded half-up to cents (QBO checks Amount against Qty × UnitPrice). */
export function lineAmount(quantity: string, unitPrice: string): number {
  const product = toScaled(quantity, 6) * toScaled(unitPrice, 6); // scale 12
  const negative = product < 0n;
  const abs = negative ? -product : product;
  const cents = (abs + 5n * 10n ** 9n) / 10n ** 10n;
  return Number(fromScaled(negative ? -cents : cents, 2));
}

export function qboSalesDocumentBody(draft: SalesDocumentDraft, tax: TaxContext): Record<string, unknown> {
  const body: Record<string, unknown> = {
    CustomerRef: { value: draft.customerId },
    Line: draft.lines.map((line) => {
      const detail: Record<string, unknown> = {
        Qty: Number(line.quantity),
        UnitPrice: Number(line.unitPrice),
        TaxCodeRef: { value: lineTaxCode(line, tax) },
      };
      if (line.itemId) detail.ItemRef = { value: line.itemId };
      return {
        DetailType: 'SalesItemLineDetail',
        Amount: lineAmount(line.quantity, line.unitPrice),
        ...(line.description ? { Description: line.description } : {}),
        SalesItemLineDetail: detail,
      };
    }),
  };
  if (draft.issueDate) body.TxnDate = draft.issueDate;
  if (draft.dueDate) body[draft.kind === 'invoice' ? 'DueDate' : 'ExpirationDate'] = draft.dueDate;
  return body;
}

const Ref = z.object({ value: z.string(), name: z.string().optional() }).loose();
const Num = z.union([z.number(), z.string().transform(Number)]);
const QboSalesTxn = z
  .object({
    Id: z.string(),
    DocNumber: z.string().optional(),
    TxnDate: z.string(),
    DueDate: z.string().optional(),
    ExpirationDate: z.string().optional(),
    TxnStatus: z.string().optional(),
    CustomerRef: Ref,
    CurrencyRef: Ref.optional(),
    TotalAmt: Num,
    Balance: Num.optional(),
    Line: z.array(
      z
        .object({
          Amount: Num.optional(),
          Description: z.string().optional(),
          DetailType: z.string(),
          SalesItemLineDetail: z
            .object({ ItemRef: Ref.optional(), Qty: Num.optional(), UnitPrice: Num.optional(), TaxCodeRef: Ref.optional() })
            .loose()
            .optional(),
        })
        .loose(),
    ),
    MetaData: z.object({ LastUpdatedTime: z.string().optional() }).loose().optional(),
  })
  .loose();

export interface DocumentContext {
  connectionId: string;
  companyId: string;
  homeCurrency: string | null;
  deepLink(kind: 'invoice' | 'estimate', id: string): string;
}

const ESTIMATE_STATUS: Record<string, Estimate['status']> = {
  Pending: 'pending',
  Accepted: 'accepted',
  Closed: 'closed',
  Rejected: 'declined',
};

function money(value: number | undefined): string {
  return decimalFromNumber(value ?? 0);
}

export function mapCreatedDocument(kind: 'invoice' | 'estimate', raw: unknown, ctx: DocumentContext): CreatedSalesDocument {
  const parsed = QboSalesTxn.safeParse(raw);
  if (!parsed.success) throw new ProviderError('malformed_response', `QuickBooks sent an unexpected ${kind} response.`);
  const t = parsed.data;
  const currency = t.CurrencyRef?.value ?? ctx.homeCurrency;
  if (!currency) throw new ProviderError('malformed_response', `QuickBooks sent a ${kind} without a currency.`);
  const lines: Line[] = t.Line.filter((l) => l.DetailType === 'SalesItemLineDetail').map((l) => ({
    description: l.Description ?? null,
    itemId: l.SalesItemLineDetail?.ItemRef?.value ?? null,
    itemName: l.SalesItemLineDetail?.ItemRef?.name ?? null,
    quantity: l.SalesItemLineDetail?.Qty === undefined ? null : money(l.SalesItemLineDetail.Qty),
    unitPrice: l.SalesItemLineDetail?.UnitPrice === undefined ? null : money(l.SalesItemLineDetail.UnitPrice),
    amount: money(l.Amount),
    taxCode: l.SalesItemLineDetail?.TaxCodeRef?.value ?? null,
  }));
  const base = {
    provider: 'qbo' as const,
    companyId: ctx.companyId,
    connectionId: ctx.connectionId,
    id: t.Id,
    updatedAt: new Date(Date.parse(t.MetaData?.LastUpdatedTime ?? '') || 0).toISOString(),
    customerId: t.CustomerRef.value,
    number: t.DocNumber ?? null,
    issueDate: t.TxnDate,
    currency,
    total: money(t.TotalAmt),
    lines,
    webUrl: ctx.deepLink(kind, t.Id),
  };
  if (kind === 'invoice') {
    const balance = money(t.Balance ?? t.TotalAmt);
    const invoice: Invoice = {
      ...base,
      status: balance === '0' && base.total !== '0' ? 'paid' : 'open',
      dueDate: t.DueDate ?? null,
      balance,
    };
    return { kind, invoice: InvoiceSchema.parse(invoice) };
  }
  const estimate: Estimate = {
    ...base,
    status: ESTIMATE_STATUS[t.TxnStatus ?? 'Pending'] ?? 'pending',
    expiryDate: t.ExpirationDate ?? null,
  };
  return { kind, estimate: EstimateSchema.parse(estimate) };
}
