/** Money is integer cents internally (DESIGN.md: never sum binary floats); Xero's wire format is a JSON number. */
export function centsToAmount(cents: number): number {
  return cents / 100;
}

export function amountToCents(amount: unknown): number | undefined {
  const numeric = typeof amount === 'string' ? Number(amount) : amount;
  if (typeof numeric !== 'number' || !Number.isFinite(numeric)) return undefined;
  return Math.round(numeric * 100);
}

/** `150.00`, the report cells' format (examples/getReportAgedReceivablesByContact.200.json). */
export function centsToFixed(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
