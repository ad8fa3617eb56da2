import type { Address } from '../../lib/model';
import type { NewCustomer } from '../../lib/proxy-api';
import type { CustomerDraft } from '../providers/provider-writes';

/**
 * The address rule (issue 4 §7): a consumer contact (a person with no company) is billed and shipped at their own
 * address; a contact who works for a company — and a company itself — uses the company's address. A company record
 * whose address came in as "personal" (some CRMs have one address field) still gets it.
 */
export function addressesFor(customer: Pick<NewCustomer, 'kind' | 'companyName' | 'personalAddress' | 'companyAddress'>): {
  billing: Address | null;
  shipping: Address | null;
} {
  const address =
    customer.kind === 'company'
      ? (customer.companyAddress ?? customer.personalAddress)
      : customer.companyName
        ? customer.companyAddress
        : customer.personalAddress;
  return { billing: address, shipping: address };
}

/**
 * Names: a person is GivenName/FamilyName with DisplayName "Given Family" (their company, if any, as CompanyName);
 * a company is CompanyName = DisplayName. The CRM's display name is the fallback when the parts are missing.
 */
export function customerDraft(customer: NewCustomer): CustomerDraft {
  const { billing, shipping } = addressesFor(customer);
  const common = {
    kind: customer.kind,
    emails: [...new Set(customer.emails.map((e) => e.trim()))],
    phone: customer.phone || null,
    billingAddress: billing,
    shippingAddress: shipping,
    currency: customer.currency,
  };
  if (customer.kind === 'company') {
    const name = customer.companyName || customer.displayName;
    return { ...common, displayName: name, companyName: name, givenName: customer.givenName || null, familyName: customer.familyName || null };
  }
  const given = customer.givenName || null;
  const family = customer.familyName || null;
  const fullName = [given, family].filter(Boolean).join(' ');
  return {
    ...common,
    displayName: fullName || customer.displayName,
    givenName: given,
    familyName: family,
    companyName: customer.companyName || null,
  };
}
