import { formatMoney } from '@/lib/model';

export function money(amount: string | null | undefined, currency: string, locale?: string | null): string {
  if (amount === null || amount === undefined) return '—';
  try {
    return formatMoney(amount, currency, locale ?? undefined);
  } catch {
    return `${amount} ${currency}`;
  }
}

export function day(iso: string | null | undefined, locale?: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale ?? undefined, { dateStyle: 'medium', ...(iso.length === 10 ? { timeZone: 'UTC' } : {}) }).format(date);
}
