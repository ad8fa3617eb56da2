import { type Context } from 'hono';
import { msDateNoOffset } from '../support/ms-date';
import { type ApiEnv } from './api-env';

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  itemCount: number;
}

/**
 * The Accounting API envelope, key order as examples/getContacts.200.json: Id (equal to the Xero-Correlation-Id
 * header, as in recorded/test_get_organisations.yaml), Status, ProviderName (the app's name), DateTimeUTC, then
 * pagination when paged, then the collection.
 */
export function envelope(
  c: Context<ApiEnv>,
  providerName: string,
  now: number,
  key: string,
  items: unknown[],
  pagination?: Pagination,
): Record<string, unknown> {
  return {
    Id: c.get('correlationId'),
    Status: 'OK',
    ProviderName: providerName,
    DateTimeUTC: msDateNoOffset(now),
    ...(pagination ? { pagination } : {}),
    [key]: items,
  };
}
