/** CurrencyRef.name as QBO spells it (all__customers__1.json: "United States Dollar"). */
const CURRENCY_NAMES: Record<string, string> = {
  USD: 'United States Dollar',
  CAD: 'Canadian Dollar',
  EUR: 'Euro',
  GBP: 'British Pound Sterling',
};

export function currencyName(code: string): string {
  return CURRENCY_NAMES[code] ?? code;
}
