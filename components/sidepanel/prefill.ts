import type { Connection, RecordContext } from '@/lib/model';
import type { NewCustomer } from '@/lib/proxy-api';

/**
 * A new provider customer from the CRM record. Address rule: a company record's address, or the address of a person
 * who works for a company, is the company's address (billing); only a person with no company gets it as their own
 * personal address (billing and shipping).
 */
export function newCustomerFromRecord(context: RecordContext | null, connection: Connection | null): NewCustomer {
  const name = context?.name?.trim() || context?.companyName?.trim() || '';
  const person = context?.kind !== 'company';
  const [given, ...rest] = person ? name.split(/\s+/) : [];
  const company = person ? (context?.companyName?.trim() || null) : name || null;
  const address = context?.address ?? null;
  const worksForCompany = !person || company !== null;
  return {
    kind: person ? 'person' : 'company',
    displayName: name,
    givenName: person && given ? given : null,
    familyName: person && rest.length > 0 ? rest.join(' ') : null,
    companyName: company,
    emails: (context?.emails ?? []).slice(0, 10),
    phone: context?.phone ?? null,
    personalAddress: worksForCompany ? null : address,
    companyAddress: worksForCompany ? address : null,
    currency: connection?.currency ?? null,
  };
}
