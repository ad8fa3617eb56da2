import { z } from 'zod';
import type { FaultError } from '../fault-json.js';
import type { QboCompanyData, QboInvoiceLineRecord } from '../records.js';
import { amount, business, notFound, ref, toCents } from './common.js';
import { resolveTaxCode } from './tax-code.js';

/**
 * Sales lines (Invoice, Estimate, CreditMemo, SalesReceipt): SalesItemLineDetail with ItemRef, Qty, UnitPrice and
 * TaxCodeRef (create__invoice__0.json). The SubTotalLineDetail line QBO appends is output only.
 */
export const salesLine = z
  .object({
    Amount: z.number().nonnegative().optional(),
    Description: z.string().max(4000).optional(),
    DetailType: z.string().optional(),
    SalesItemLineDetail: z
      .object({ ItemRef: ref.optional(), Qty: z.number().optional(), UnitPrice: z.number().optional(), TaxCodeRef: ref.optional() })
      .loose()
      .optional(),
  })
  .loose();

export type SalesLineBody = z.infer<typeof salesLine>;

export interface PricedLines {
  lines: QboInvoiceLineRecord[];
  subtotalCents: number;
  taxCents: number;
}

/**
 * Prices the lines. In the US the pseudo codes TAX/NON apply and the sandbox charges no sales tax; elsewhere every
 * line must name a TaxCode or QBO refuses the transaction with 6000 "Make sure all your transactions have a VAT rate
 * before you save." (the GST/VAT wording varies by country), so a client must send the exempt code.
 */
export function priceLines(company: QboCompanyData, body: SalesLineBody[] | undefined): { ok: true; value: PricedLines } | { ok: false; error: FaultError } {
  const itemLines = (body ?? []).filter((line) => line.DetailType !== 'SubTotalLineDetail');
  if (itemLines.length === 0) return { ok: false, error: business('You must fill out at least one split line.', 'Line') };
  const usCompany = company.profile.country === 'US';
  const lines: QboInvoiceLineRecord[] = [];
  let subtotalCents = 0;
  let taxCents = 0;
  for (const [index, line] of itemLines.entries()) {
    const detail = line.SalesItemLineDetail ?? {};
    const item = company.items.get(detail.ItemRef?.value ?? '1');
    if (item === undefined) return { ok: false, error: notFound('Item', detail.ItemRef?.value ?? '', 'ItemRef') };
    const qty = detail.Qty ?? (detail.UnitPrice !== undefined && line.Amount !== undefined && detail.UnitPrice !== 0 ? line.Amount / detail.UnitPrice : 1);
    const unitPriceCents = detail.UnitPrice !== undefined ? toCents(detail.UnitPrice) : line.Amount !== undefined ? Math.round(toCents(line.Amount) / (qty || 1)) : item.unitPriceCents;
    const amountCents = line.Amount !== undefined ? toCents(line.Amount) : Math.round(unitPriceCents * qty);
    const taxValue = detail.TaxCodeRef?.value;
    let taxCode: string;
    if (usCompany) {
      taxCode = taxValue === 'TAX' ? 'TAX' : 'NON';
    } else {
      if (taxValue === undefined) return { ok: false, error: business('Make sure all your transactions have a VAT rate before you save.', 'TaxCodeRef') };
      const code = resolveTaxCode(company, taxValue);
      if (code === undefined) return { ok: false, error: notFound('TaxCode', taxValue, 'TaxCodeRef') };
      taxCode = code.id;
      taxCents += Math.round((amountCents * code.ratePercent) / 100);
    }
    subtotalCents += amountCents;
    const record: QboInvoiceLineRecord = {
      id: String(index + 1),
      description: line.Description ?? item.description ?? item.name,
      amountCents,
      qty,
      unitPriceCents,
      itemId: item.id,
      itemName: item.name,
      taxCode,
    };
    lines.push(record);
  }
  return { ok: true, value: { lines, subtotalCents, taxCents } };
}

/** Seeded lines carry no code: US companies show NON, others the Exempt code (id 4, seed/qbo-reference-seed.ts). */
export function defaultTaxCode(company: QboCompanyData): string {
  return company.profile.country === 'US' ? 'NON' : '4';
}

/** The lines as QBO writes them, with the SubTotalLineDetail line last. */
export function linesJson(lines: readonly QboInvoiceLineRecord[], subtotalCents: number, fallbackTaxCode = 'NON'): Record<string, unknown>[] {
  return [
    ...lines.map((line, index) => ({
      Id: line.id,
      LineNum: index + 1,
      Description: line.description,
      Amount: amount(line.amountCents),
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: {
        ItemRef: { value: line.itemId, name: line.itemName },
        UnitPrice: amount(line.unitPriceCents),
        Qty: line.qty,
        TaxCodeRef: { value: line.taxCode ?? fallbackTaxCode },
      },
    })),
    { Amount: amount(subtotalCents), DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} },
  ];
}
