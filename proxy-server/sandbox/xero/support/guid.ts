import { randomUUID } from 'node:crypto';
import { type XeroPrng } from './prng';

/** Xero identifiers are lower-case v4 GUIDs; seeded records get reproducible ones, live writes random ones. */
const BYTE_HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex16(word: number): string {
  return (BYTE_HEX[(word >>> 8) & 0xff] ?? '') + (BYTE_HEX[word & 0xff] ?? '');
}

/** Table-driven so a million seeded records do not spend their time formatting hex. */
export function seededGuid(prng: XeroPrng): string {
  const a = prng.uint32();
  const b = (prng.uint32() & 0xffff0fff) | 0x00004000; // version 4
  const c = ((prng.uint32() & 0x3fffffff) | 0x80000000) >>> 0; // RFC 4122 variant
  const d = prng.uint32();
  return `${hex16(a >>> 16)}${hex16(a)}-${hex16(b >>> 16)}-${hex16(b)}-${hex16(c >>> 16)}-${hex16(c)}${hex16(d >>> 16)}${hex16(d)}`;
}

export function newGuid(): string {
  return randomUUID();
}

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
