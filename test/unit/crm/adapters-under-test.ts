import type { CrmAdapter } from '../../../lib/crm/adapter';
import { generic } from '../../../lib/crm/adapters/generic';
import { crmAdapters } from '../../../lib/crm/registry';

/** The adapters whose fixtures these tests drive, by fixture folder name (= adapter id). HubSpot tests its own. */
export const adaptersById: Record<string, CrmAdapter> = Object.fromEntries(
  [...crmAdapters.filter((a) => a.id !== 'hubspot'), generic].map((a) => [a.id, a]),
);
