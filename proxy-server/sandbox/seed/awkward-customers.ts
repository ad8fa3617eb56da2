import type { QboAddressRecord, QboCustomerRecord } from '../qbo/records.js';

/**
 * Customers that break naive matching and rendering, at fixed ids in every QBO company so tests can name them.
 * Each exists because a real integration failed on it (api-facts.md "Missing email", "duplicate name", XSS through
 * provider data rendered on a CRM page).
 */
export const AWKWARD_CUSTOMER_IDS = {
  noEmail: '1',
  sharedEmailFirst: '2',
  sharedEmailSecond: '3',
  noCompanyName: '4',
  givenNameOnly: '5',
  unicodeLatin: '6',
  unicodeJapanese: '7',
  unicodePolish: '8',
  htmlImage: '9',
  htmlScript: '10',
  inactive: '11',
  parent: '12',
  subCustomer: '13',
  twoEmails: '14',
  apostrophe: '15',
  ampersand: '16',
} as const;

export const AWKWARD_CUSTOMER_COUNT = Object.keys(AWKWARD_CUSTOMER_IDS).length;
export const SHARED_EMAIL = 'accounts@sharedinbox.example';

interface AwkwardSpec {
  id: string;
  displayName: string;
  givenName?: string;
  familyName?: string;
  companyName?: string;
  email?: string;
  balanceCents: number;
  active?: boolean;
  parentId?: string;
}

const SPECS: AwkwardSpec[] = [
  { id: '1', displayName: 'Finch Consulting', givenName: 'Harold', familyName: 'Finch', companyName: 'Finch Consulting', balanceCents: 125_000 },
  { id: '2', displayName: 'Bright Paints Wholesale', givenName: 'Dana', familyName: 'Whitlock', companyName: 'Bright Paints Wholesale', email: SHARED_EMAIL, balanceCents: 480_050 },
  { id: '3', displayName: 'Bright Paints Retail', givenName: 'Dana', familyName: 'Whitlock', companyName: 'Bright Paints Retail', email: SHARED_EMAIL, balanceCents: 23_456 },
  { id: '4', displayName: 'Maria Gonzalez', givenName: 'Maria', familyName: 'Gonzalez', email: 'maria.gonzalez@mailbox.example', balanceCents: 98_765 },
  { id: '5', displayName: 'Cher', givenName: 'Cher', email: 'cher@onename.example', balanceCents: 50_000 },
  { id: '6', displayName: 'Zoë Ångström', givenName: 'Zoë', familyName: 'Ångström', companyName: 'Ångström Ljud AB', email: 'zoe@angstrom.example', balanceCents: 312_099 },
  { id: '7', displayName: '株式会社テスト', givenName: '太郎', familyName: '山田', companyName: '株式会社テスト', email: 'yamada@test-kk.example', balanceCents: 1_000_000 },
  { id: '8', displayName: 'Łukasz Żółć', givenName: 'Łukasz', familyName: 'Żółć', companyName: 'Żółć Sp. z o.o.', email: 'lukasz@zolc.example', balanceCents: 77_777 },
  { id: '9', displayName: '<img src=x onerror=alert(1)>', givenName: 'Mallory', familyName: 'Image', companyName: '<img src=x onerror=alert(1)>', email: 'mallory@xss.example', balanceCents: 66_600 },
  { id: '10', displayName: '<script>alert("ledgerlens")</script> Ltd', givenName: 'Mallory', familyName: 'Script', companyName: '<script>alert("ledgerlens")</script> Ltd', email: 'script@xss.example', balanceCents: 1_337 },
  { id: '11', displayName: 'Dormant Traders Inc.', givenName: 'Ivy', familyName: 'Stone', companyName: 'Dormant Traders Inc.', email: 'ivy@dormant.example', balanceCents: 0, active: false },
  { id: '12', displayName: 'Northwind Holdings', givenName: 'Nancy', familyName: 'Davolio', companyName: 'Northwind Holdings', email: 'ap@northwind.example', balanceCents: 250_000 },
  { id: '13', displayName: 'Northwind West Branch', givenName: 'Andrew', familyName: 'Fuller', companyName: 'Northwind Holdings', email: 'west@northwind.example', balanceCents: 145_025, parentId: '12' },
  { id: '14', displayName: 'Twin Mail Studios', givenName: 'Rita', familyName: 'Hayworth', companyName: 'Twin Mail Studios', email: 'ops@twinmail.example, billing@twinmail.example', balanceCents: 420_000 },
  { id: '15', displayName: "Amy's Bird Sanctuary", givenName: 'Amy', familyName: 'Lauterbach', companyName: "Amy's Bird Sanctuary", email: 'birds@amys.example', balanceCents: 63_900 },
  { id: '16', displayName: 'Smith & Sons "Builders"', givenName: 'Tom', familyName: 'Smith', companyName: 'Smith & Sons "Builders"', email: 'tom@smithandsons.example', balanceCents: 0 },
];

export function awkwardCustomers(options: {
  currency: string;
  address: (id: string) => QboAddressRecord;
  phone: () => string;
  createdAt: number;
}): QboCustomerRecord[] {
  return SPECS.map((spec) => {
    const billAddr = options.address(spec.id);
    const customer: QboCustomerRecord = {
      id: spec.id,
      syncToken: 0,
      displayName: spec.displayName,
      balanceCents: spec.balanceCents,
      currency: options.currency,
      active: spec.active ?? true,
      taxable: false,
      preferredDeliveryMethod: spec.email === undefined ? 'Print' : 'Email',
      billAddr,
      shipAddr: billAddr,
      phone: options.phone(),
      createdAt: options.createdAt,
      updatedAt: options.createdAt,
    };
    if (spec.givenName !== undefined) customer.givenName = spec.givenName;
    if (spec.familyName !== undefined) customer.familyName = spec.familyName;
    if (spec.companyName !== undefined) customer.companyName = spec.companyName;
    if (spec.email !== undefined) customer.email = spec.email;
    if (spec.parentId !== undefined) customer.parentId = spec.parentId;
    return customer;
  });
}
