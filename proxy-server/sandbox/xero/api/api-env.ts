import { type Grant } from '../identity/identity-state';
import { type TenantStore } from '../store/tenant-store';

/** Per-request values the guard middleware hands to the Accounting API handlers. */
export interface ApiEnv {
  Variables: {
    tenant: TenantStore;
    grant: Grant;
    correlationId: string;
  };
}
