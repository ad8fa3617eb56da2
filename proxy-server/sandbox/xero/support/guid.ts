import { randomUUID } from 'node:crypto';
import { type XeroPrng } from './prng';

/** Xero identifiers are lower-case v4 GUIDs; seeded records get reproducible ones, live writes random ones. */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex16(word: number): string {
  return (BYTE_HEX[(word >>> 8) & 0xff] ?? '') + (BYTE_HEX[word & 0xff] ?? '');
}

/** Table-driven so a million seeded records do not spend their time formatting hex. */
export function guidFromWords(a: number, b: number, c: number, d: number): string {
  return `${hex16(a >>> 16)}${hex16(a)}-${hex16(b >>> 16)}-${hex16(b)}-${hex16(c >>> 16)}-${hex16(c)}${hex16(d >>> 16)}${hex16(d)}`;
}

/**
 * Draws a v4 GUID as four 32-bit words into `out` at `offset`: the compact invoice store keeps a million ids as a
 * Uint32Array and formats the string only when an invoice is read (store/invoice-columns.ts).
 */
export function seededGuidWords(prng: XeroPrng, out: Uint32Array, offset: number): void {
  out[offset] = prng.uint32();
  out[offset + 1] = (prng.uint32() & 0xffff0fff) | 0x00004000; // version 4
  out[offset + 2] = ((prng.uint32() & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
  out[offset + 3] = prng.uint32();
}

const scratch = new Uint32Array(4);

export function seededGuid(prng: XeroPrng): string {
  seededGuidWords(prng, scratch, 0);
  return guidFromWords(scratch[0] ?? 0, scratch[1] ?? 0, scratch[2] ?? 0, scratch[3] ?? 0);
}

/** The four words of a GUID string, or undefined when it is not one (lookups by id in the compact stores). */
export function guidWords(id: string): [number, number, number, number] | undefined {
  if (!isGuid(id)) return undefined;
  const hex = id.replace(/-/g, '');
  return [0, 8, 16, 24].map((at) => Number.parseInt(hex.slice(at, at + 8), 16)) as [number, number, number, number];
}

export function newGuid(): string {
  return randomUUID();
}

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
