import { z } from 'zod';

/**
 * Money travels as a decimal string ("1234.50", "-3.1") plus an ISO 4217 currency, never as a binary float, so
 * sums and comparisons are exact. See DESIGN.md "Normalized model".
 */
export const DecimalSchema = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number as a string');
export type Decimal = z.infer<typeof DecimalSchema>;

export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code');

/** Converts a provider number (QBO and Xero send JSON numbers) to a canonical decimal string without float drift. */
export function decimalFromNumber(value: number): Decimal {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite amount: ${value}`);
  // toFixed(6) is exact enough for currency amounts (providers send at most 4 decimals); trailing zeros are trimmed.
  const fixed = value.toFixed(6).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

/** Parses a decimal string into an integer scaled by 10^scale (BigInt), e.g. ("12.5", 2) → 1250n. */
export function toScaled(amount: Decimal, scale: number): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const padded = (fraction + '0'.repeat(scale)).slice(0, scale);
  const scaled = BigInt(whole + padded);
  return negative ? -scaled : scaled;
}

/** Formats a BigInt scaled by 10^scale back to a decimal string. */
export function fromScaled(value: bigint, scale: number): Decimal {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale > 0 ? digits.slice(-scale).replace(/0+$/, '') : '';
  return `${negative ? '-' : ''}${whole}${fraction ? '.' + fraction : ''}`;
}

const SUM_SCALE = 6;

/** Exact sum of decimal strings. */
export function sumDecimals(values: readonly Decimal[]): Decimal {
  return fromScaled(values.reduce((total, v) => total + toScaled(v, SUM_SCALE), 0n), SUM_SCALE);
}

export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const x = toScaled(a, SUM_SCALE);
  const y = toScaled(b, SUM_SCALE);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Formats an amount in its own currency for the user's locale. Intl.NumberFormat accepts decimal strings exactly
 * (ES2023), so no float conversion happens on the way to the screen.
 */
export function formatMoney(amount: Decimal, currency: string, locale?: string): string {
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
  return format.format(amount as unknown as number);
}
