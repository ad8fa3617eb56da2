import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Tokens are stored only as their SHA-256, so a database leak does not hand out working seat tokens. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

export function randomId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

/** Constant-time comparison of two strings (compares their hashes so lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(Buffer.from(sha256Hex(a), 'hex'), Buffer.from(sha256Hex(b), 'hex'));
}

export const SEAT_TOKEN_PREFIX = 'llseat_';

/**
 * Pairing codes are read off one screen and typed into another: no 0/O, 1/I/L, and grouped `ABCD-EFGH`.
 * 31^8 ≈ 8.5e11 combinations; codes are one-time, expire after 24 h, and /v1/pair is rate limited.
 */
export const PAIRING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export function generatePairingCode(): string {
  let raw = '';
  for (let i = 0; i < 8; i += 1) raw += PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)];
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/** What users type varies (lower case, spaces, no dash); the hash is taken of this canonical form. */
export function normalizePairingCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
