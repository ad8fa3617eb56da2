import { LINE_DESCRIPTIONS } from '../seed-names';
import { type LineItemRecord } from './model';
import { lineTaxCents } from './totals';

/**
 * Line items of a seeded document, generated from a 32-bit key drawn once per document (issue 3: a million invoices
 * must seed in under a minute). The seed only needs the totals; the lines themselves are rebuilt from the same key,
 * identically, whenever an invoice is read with its lines, and stored for real only once the invoice is written.
 */
export interface SeededLineDraws {
  count: number;
  quantity: Int32Array;
  unitAmountCents: Int32Array;
  description: Int32Array;
}

export const MAX_SEEDED_LINES = 3;

/** mulberry32 step: tiny, allocation-free and deterministic on every machine. */
function step(state: number): number {
  let t = (state + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

export function createLineDraws(): SeededLineDraws {
  return {
    count: 0,
    quantity: new Int32Array(MAX_SEEDED_LINES),
    unitAmountCents: new Int32Array(MAX_SEEDED_LINES),
    description: new Int32Array(MAX_SEEDED_LINES),
  };
}

/** 1–3 lines, quantity 1–8, unit amount 5.00–500.00 in 0.25 steps (as the seed drew them before). */
export function drawLines(key: number, out: SeededLineDraws): SeededLineDraws {
  let state = key | 0;
  const next = (bound: number): number => {
    state = (state + 0x6d2b79f5) | 0;
    return Math.floor((step(state) / 4294967296) * bound);
  };
  out.count = 1 + next(MAX_SEEDED_LINES);
  for (let i = 0; i < out.count; i += 1) {
    out.quantity[i] = 1 + next(8);
    out.unitAmountCents[i] = (20 + next(1_981)) * 25;
    out.description[i] = next(LINE_DESCRIPTIONS.length);
  }
  return out;
}

/** Exclusive-tax totals of the drawn lines, per-line rounding as totals.ts. */
export function drawnTotals(draws: SeededLineDraws, basisPoints: number): { subTotalCents: number; taxCents: number } {
  let subTotalCents = 0;
  let taxCents = 0;
  for (let i = 0; i < draws.count; i += 1) {
    const lineCents = (draws.quantity[i] ?? 0) * (draws.unitAmountCents[i] ?? 0);
    subTotalCents += lineCents;
    taxCents += lineTaxCents(lineCents, basisPoints, 'Exclusive');
  }
  return { subTotalCents, taxCents };
}

/**
 * Line ids are derived from the document id (same 24-character prefix, line number as the last group): still unique
 * GUIDs, and nothing to store per line.
 */
export function lineId(documentId: string, index: number): string {
  return `${documentId.slice(0, 24)}${(index + 1).toString(16).padStart(12, '0')}`;
}

export function seededLineRecords(key: number, basisPoints: number, accountCode: string, documentId: string): LineItemRecord[] {
  const draws = drawLines(key, createLineDraws());
  const lines: LineItemRecord[] = [];
  for (let i = 0; i < draws.count; i += 1) {
    const quantity = draws.quantity[i] ?? 0;
    const unitAmountCents = draws.unitAmountCents[i] ?? 0;
    const lineCents = quantity * unitAmountCents;
    lines.push({
      lineItemId: lineId(documentId, i),
      description: LINE_DESCRIPTIONS[draws.description[i] ?? 0] ?? '',
      quantity,
      unitAmountCents,
      itemCode: undefined,
      accountCode,
      taxType: basisPoints === 0 ? 'NONE' : 'OUTPUT2',
      taxCents: lineTaxCents(lineCents, basisPoints, 'Exclusive'),
      lineCents,
    });
  }
  return lines;
}
