import { type ResetOptions } from '../emulator';
import { createXeroPrng } from './support/prng';
import { addContact, createTenantStore, type TenantStore } from './store/tenant-store';
import { ORGANISATION_TEMPLATES, seedOrganisation } from './seed-organisations';
import { seedContacts } from './seed-contacts';
import { seedItems, seedTransactions } from './seed-transactions';

export const DEFAULT_XERO_CONTACTS = 64;

/**
 * Deterministic Xero data for a seed: two organisations, each from its own PRNG stream (so changing one org's size
 * does not reshuffle the other). Default 64 contacts and three invoices per contact per organisation.
 */
export function seedXeroTenants(options: ResetOptions, now: number): TenantStore[] {
  return ORGANISATION_TEMPLATES.map((template, orgIndex) => {
    const prng = createXeroPrng(options.seed, orgIndex);
    const { organisation, bankAccount } = seedOrganisation(template, prng, now);
    // ResetOptions.companyId: only that organisation is seeded at the requested size.
    const sized = options.companyId === undefined || options.companyId === organisation.tenantId;
    const contactCount = (sized ? options.customers : undefined) ?? DEFAULT_XERO_CONTACTS;
    const invoiceCount = (sized ? options.invoices : undefined) ?? contactCount * 3;
    const store = createTenantStore(organisation, bankAccount);
    const contacts = seedContacts(prng, template, orgIndex, contactCount, now);
    for (const seeded of contacts) addContact(store, seeded.contact);
    seedItems(store, prng, now);
    seedTransactions(store, prng, contacts, invoiceCount, now);
    return store;
  });
}
