import type { QboCompanyProfile } from '../qbo/records.js';

/**
 * The two QBO companies. Realm ids are fixed (not seeded) so a proxy's stored connection survives a sandbox reset.
 * Company ids look like real realmIds (16 digits).
 */
export const QBO_US_REALM_ID = '9341453050298546';
export const QBO_UK_REALM_ID = '9341453050298547';

export function qboCompanyProfiles(createdAt: number): QboCompanyProfile[] {
  return [
    {
      realmId: QBO_US_REALM_ID,
      name: "Craig's Design and Landscaping Services",
      legalName: "Craig's Design and Landscaping Services LLC",
      country: 'US',
      homeCurrency: 'USD',
      email: 'noreply@craigsdesign.example',
      phone: '(650) 555-1234',
      address: { id: '1', line1: '123 Sierra Way', city: 'San Pablo', countrySubDivisionCode: 'CA', postalCode: '87999', country: 'US' },
      createdAt,
    },
    {
      realmId: QBO_UK_REALM_ID,
      name: 'Brightwater Studio Ltd',
      legalName: 'Brightwater Studio Limited',
      country: 'GB',
      homeCurrency: 'GBP',
      email: 'accounts@brightwater.example',
      phone: '020 7946 0000',
      address: { id: '1', line1: '14 Clerkenwell Green', city: 'London', postalCode: 'EC1R 0DP', country: 'GB' },
      createdAt,
    },
  ];
}
