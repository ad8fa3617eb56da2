import type { SandboxClock } from '../emulator.js';
import type { IdTokenSigner } from './id-token.js';
import type { QboChange, QboChangeListener } from './change-events.js';
import type { QboAppCredentials } from './oauth-config.js';
import type { QboOAuthStore } from './oauth-store.js';
import type { ThrottleLimits } from './throttle.js';
import type { QboCompanyData } from './records.js';

/** Everything the QBO routes share. `companies` is replaced wholesale by a reset; tokens survive resets. */
export interface QboState {
  readonly clock: SandboxClock;
  readonly app: QboAppCredentials;
  readonly oauth: QboOAuthStore;
  readonly idTokens: IdTokenSigner;
  companies: QboCompanyData[];
  /** Called after every write; webhooks subscribe here. */
  readonly changeListeners: QboChangeListener[];
  /** requestid → the first response, per realm (api-facts.md "Idempotency"). Cleared by a reset. */
  /** Per-realm rate limits; tests may lower them. */
  limits: ThrottleLimits;
  readonly idempotentResponses: Map<string, { status: 200 | 400; body: unknown }>;
}

export function announce(state: QboState, change: QboChange): void {
  const company = findCompany(state, change.realmId);
  if (company !== undefined) company.revision += 1;
  for (const listener of state.changeListeners) listener(change);
}

export function findCompany(state: QboState, realmId: string): QboCompanyData | undefined {
  return state.companies.find((company) => company.profile.realmId === realmId);
}
