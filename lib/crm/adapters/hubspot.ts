import type { RecordContext } from '../../model';
import type { CrmAdapter, RecordRoute } from '../adapter';
import { allEmailsIn, textOf, uniqueEmails, valueOf } from '../dom';

/**
 * HubSpot contact (0-1) and company (0-2) records. Hooks from toggl/clockify shipped selectors and DOM notes
 * (/work/shared/reference/crm/CRM_NOTES.md); the selectors are data, kept here next to the pages they match.
 * The LedgerLens demo CRM (served on loopback by the sandbox) reproduces this DOM under /demo-crm/, so the same
 * adapter reads it.
 */

const HOSTS = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com'];
const DEMO_HOSTS = ['127.0.0.1', 'localhost'];

const OBJECT_KIND: Record<string, RecordContext['kind']> = { '0-1': 'person', '0-2': 'company' };
const RECORD_PATH = /^\/contacts\/(\d+)\/record\/(0-[12])\/(\d+)(?:\/|$)/;
const DEMO_PREFIX = '/demo-crm';

export const HUBSPOT_SELECTORS = {
  title: '[data-selenium-test="highlightTitle"]',
  highlightDetails: '[data-selenium-test$="-highlight-details"]',
  sidebar: '[data-test-id="left-sidebar"]',
  /** Property rows of the "About this contact" card, e.g. property-input-email, property-input-hs_additional_emails. */
  emailProperties: '[data-selenium-test^="property-input-"][data-selenium-test*="email"]',
  phoneProperty: '[data-selenium-test="property-input-phone"]',
  companyChicklet: '[data-selenium-test="company-chicklet-title-link"]',
} as const;

export const hubspot: CrmAdapter = {
  id: 'hubspot',
  label: 'HubSpot',
  matches: [
    // Whole host: HubSpot is a single-page app, a user can reach a record from any of its pages without a reload.
    ...HOSTS.map((host) => `https://${host}/*`),
    ...DEMO_HOSTS.map((host) => `http://${host}${DEMO_PREFIX}/*`),
  ],

  matchUrl(url: URL): RecordRoute | null {
    let path: string;
    let demo = false;
    if (url.protocol === 'https:' && HOSTS.includes(url.hostname)) {
      path = url.pathname;
    } else if (url.protocol === 'http:' && DEMO_HOSTS.includes(url.hostname) && url.pathname.startsWith(`${DEMO_PREFIX}/`)) {
      path = url.pathname.slice(DEMO_PREFIX.length);
      demo = true;
    } else {
      return null;
    }
    const m = RECORD_PATH.exec(path);
    const [, portal, object, id] = m ?? [];
    const kind = object ? OBJECT_KIND[object] : undefined;
    if (!portal || !object || !id || !kind) return null;
    // Portal ids are global across HubSpot's regions; the demo CRM gets its own namespace.
    return { kind, object, id, tenant: demo ? `demo-${portal}` : portal };
  },

  read(doc: Document, route: RecordRoute): RecordContext | null {
    const name = textOf(doc.querySelector(HUBSPOT_SELECTORS.title));
    const details = doc.querySelector(HUBSPOT_SELECTORS.highlightDetails);
    const sidebar = doc.querySelector(HUBSPOT_SELECTORS.sidebar);
    const emailProperties = sidebar ? [...sidebar.querySelectorAll(HUBSPOT_SELECTORS.emailProperties)] : [];
    // HubSpot renders the title first and the details and properties later: wait for the email area too, or we
    // would match a contact by name alone while its emails are still loading.
    if (!name || (!details && emailProperties.length === 0)) return null;

    const emails = uniqueEmails([...allEmailsIn(details), ...emailProperties.flatMap((el) => allEmailsIn(el))]);
    const phoneRow = sidebar?.querySelector(HUBSPOT_SELECTORS.phoneProperty);
    // The property row holds a label and an editable control: the control's value is the number.
    const phone = valueOf(phoneRow?.querySelector('input, textarea') ?? phoneRow);
    const company = textOf(doc.querySelector(HUBSPOT_SELECTORS.companyChicklet));
    return {
      crm: 'hubspot',
      kind: route.kind,
      recordKey: `hubspot:${route.tenant}:${route.object}:${route.id}`,
      name,
      emails,
      companyName: route.kind === 'company' ? name : company,
      phone,
      address: null,
    };
  },

  anchor(doc: Document): Element | null {
    return doc.querySelector(HUBSPOT_SELECTORS.highlightDetails) ?? doc.querySelector(HUBSPOT_SELECTORS.sidebar);
  },
};
