import type { Provider } from '@/lib/model';

/**
 * Providers the popup offers to connect, in order (several companies each: every consent adds one); the popup renders
 * `connect-<provider>` / `connection-<provider>` / `disconnect-<provider>` from it.
 */
export const CONNECTABLE_PROVIDERS: readonly Provider[] = ['qbo', 'xero'];
