import type { Provider } from '@/lib/model';

/**
 * Providers the popup offers to connect, in order. Xero joins this list when its sync ships; the popup renders
 * `connect-<provider>` / `connection-<provider>` / `disconnect-<provider>` from it.
 */
export const CONNECTABLE_PROVIDERS: readonly Provider[] = ['qbo'];
