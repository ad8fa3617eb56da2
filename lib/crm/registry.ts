import type { CrmAdapter } from './adapter';
import { attio } from './adapters/attio';
import { close } from './adapters/close';
import { copper } from './adapters/copper';
import { dynamics } from './adapters/dynamics';
import { freshsales } from './adapters/freshsales';
import { hubspot } from './adapters/hubspot';
import { pipedrive } from './adapters/pipedrive';
import { salesforce } from './adapters/salesforce';
import { zoho } from './adapters/zoho';

/**
 * Every built-in CRM LedgerLens reads. Adding a CRM = one adapter file + one line here + fixtures under
 * test/fixtures/crm/<id>/ + a row in the README's "Supported CRMs" table (the registry test checks all three); the
 * content script's matches and the panel's web_accessible_resources derive from this list (lib/crm/matches.ts).
 *
 * The generic adapter (lib/crm/adapters/generic.ts) and custom sites are not here: they have no static match
 * patterns and run only on sites the user enables at run time.
 */
export const crmAdapters: readonly CrmAdapter[] = [
  hubspot,
  salesforce,
  pipedrive,
  zoho,
  dynamics,
  close,
  copper,
  freshsales,
  attio,
];
