import type { DemoContact } from '../demo-crm/demo-contact';
import type { TenantStore } from './store/tenant-store';

/** Ordinary contacts listed per organisation, besides the awkward ones. */
const ORDINARY_PER_TENANT = 8;
const AWKWARD_LIMIT = 12;
const SCAN_LIMIT = 5_000;
/** Xero ids are GUIDs; the demo CRM wants numeric record ids, so Xero contacts get their own range (QBO uses 1–2 M). */
export const XERO_DEMO_ID_BASE = 9_000_000;

/**
 * The demo CRM's view of the Xero organisations' customers (mirrors demo-crm/qbo-contacts.ts): a few ordinary active
 * customers and the awkward ones (no email, no person name, non-ASCII or markup in the name). Ids are
 * 9,000,000 + 100,000 × tenant index + position, stable for a seed.
 */
export function demoContactsFromXero(tenants: readonly TenantStore[]): DemoContact[] {
  return tenants.flatMap((tenant, tenantIndex) => {
    // The first few thousand are enough for a demo page; at 100,000 contacts a full scan would cost every page view.
    const positions = new Map(tenant.contacts.slice(0, SCAN_LIMIT).map((contact, index) => [contact, index]));
    const customers = [...positions.keys()].filter((contact) => contact.status === 'ACTIVE' && (contact.isCustomer || !contact.isSupplier));
    const awkward = customers.filter((contact) => !contact.email || /[^\x20-\x7e]|[<>]/.test(contact.name)).slice(0, AWKWARD_LIMIT);
    const ordinary = customers.filter((contact) => contact.email && !awkward.includes(contact)).slice(0, ORDINARY_PER_TENANT);
    return [...ordinary, ...awkward].map((contact) => ({
      id: String(XERO_DEMO_ID_BASE + tenantIndex * 100_000 + (positions.get(contact) ?? 0) + 1),
      name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.name,
      emails: (contact.email ?? '').split(',').map((email) => email.trim()).filter(Boolean),
      companyName: contact.firstName !== undefined && contact.name !== [contact.firstName, contact.lastName].filter(Boolean).join(' ') ? contact.name : null,
      phone: contact.phones.find((phone) => phone.number !== '')?.number ?? null,
      source: `Xero: ${tenant.organisation.name}`,
    }));
  });
}
