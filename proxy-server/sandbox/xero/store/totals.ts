import { type LineAmountTypes, type LineItemRecord } from './model';

/** Tax types that carry no tax; anything else is charged at the organisation's standard rate (OUTPUT2 etc.). */
const ZERO_TAX_TYPES = new Set(['NONE', 'EXEMPTOUTPUT', 'ZERORATEDOUTPUT', 'EXEMPTINPUT', 'ZERORATEDINPUT', 'ZERORATED', 'EXEMPTEXPENSES']);

export function taxBasisPointsFor(taxType: string, standardBasisPoints: number): number {
  return ZERO_TAX_TYPES.has(taxType.toUpperCase()) ? 0 : standardBasisPoints;
}

/**
 * Line tax in whole cents, rounded per line as Xero does. Exclusive: tax on top of the line amount; Inclusive: tax
 * is the part of the line amount above the net; NoTax: none.
 */
export function lineTaxCents(lineCents: number, basisPoints: number, lineAmountTypes: LineAmountTypes): number {
  if (lineAmountTypes === 'NoTax' || basisPoints === 0) return 0;
  if (lineAmountTypes === 'Inclusive') return Math.round((lineCents * basisPoints) / (10_000 + basisPoints));
  return Math.round((lineCents * basisPoints) / 10_000);
}

export interface DocumentTotals {
  subTotalCents: number;
  taxCents: number;
  totalCents: number;
}

export function documentTotals(lines: readonly LineItemRecord[], lineAmountTypes: LineAmountTypes): DocumentTotals {
  let lineSum = 0;
  let taxCents = 0;
  for (const line of lines) {
    lineSum += line.lineCents;
    taxCents += line.taxCents;
  }
  const subTotalCents = lineAmountTypes === 'Inclusive' ? lineSum - taxCents : lineSum;
  return { subTotalCents, taxCents, totalCents: subTotalCents + taxCents };
}
