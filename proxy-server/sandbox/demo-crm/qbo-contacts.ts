import type { QboCompanyData } from '../qbo/records.js';
import type { DemoContact } from './demo-contact.js';

/** How many ordinary customers the demo CRM lists per company, besides the awkward ones. */
const ORDINARY_PER_COMPANY = 12;

/**
 * The demo CRM's people are the QBO companies' customers as a CRM would know them: name, emails, company. It lists
 * a dozen ordinary customers with an open balance and every awkward one (no email, shared email, unicode, markup
 * in the name) so a new user can see each panel state.
 */
export function demoContactsFromQbo(companies: readonly QboCompanyData[]): DemoContact[] {
  return companies.flatMap((company, companyIndex) => {
    const active = company.customers.filter((c) => c.active);
    const awkward = active.filter(
      (c) => !c.email || !c.familyName || /[^\x20-\x7e]|[<>]/.test(c.displayName) || c.email.includes(','),
    );
    const ordinary = active.filter((c) => c.email && c.balanceCents > 0 && !awkward.includes(c)).slice(0, ORDINARY_PER_COMPANY);
    return [...ordinary, ...awkward].map((customer) => ({
      // HubSpot record ids are numeric; keep each company's customers in their own million.
      id: String((companyIndex + 1) * 1_000_000 + Number(customer.id)),
      name: [customer.givenName, customer.familyName].filter(Boolean).join(' ') || customer.displayName,
      emails: (customer.email ?? '').split(',').map((e) => e.trim()).filter(Boolean),
      companyName: customer.companyName ?? null,
      phone: customer.phone ?? null,
      source: `QuickBooks: ${company.profile.name}`,
    }));
  });
}
