import type { QboCompanyData } from '../qbo/records.js';
import { ITEMS } from './name-data.js';

/**
 * Lists every company has at fixed ids (documented in docs/SANDBOX.md): items 1–8 and the tax codes. Invoices in
 * the seed name items 1–6 (name-data.ts ITEMS), so those ids must not move.
 */
export const QBO_ITEM_IDS = { services: '1', hours: '2', design: '3', installation: '4', maintenance: '5', consulting: '6', gardenLights: '7', mulch: '8' } as const;

export function seedQboItems(company: QboCompanyData, createdAt: number): void {
  const income = { id: '79', name: 'Sales of Product Income' };
  for (const item of ITEMS) {
    company.items.add({
      id: item.id, syncToken: 0, createdAt, updatedAt: createdAt, name: item.name, description: `${item.name} rendered`,
      type: 'Service', unitPriceCents: item.unitCents, incomeAccount: { id: '1', name: 'Services' }, active: true, taxable: false,
    });
  }
  company.items.add({ id: '7', syncToken: 2, createdAt, updatedAt: createdAt, name: 'Garden Lights', sku: 'GL-01', type: 'Inventory', unitPriceCents: 4_999, incomeAccount: income, active: true, taxable: true, qtyOnHand: 25 });
  company.items.add({ id: '8', syncToken: 0, createdAt, updatedAt: createdAt, name: 'Mulch (bag)', type: 'NonInventory', unitPriceCents: 1_250, incomeAccount: income, active: false, taxable: true });
}

/**
 * US companies use the pseudo codes TAX/NON; UK companies have VAT codes with numeric ids, and every sales line must
 * carry one (entities/sales-lines.ts). Id 4 "Exempt" is the code a client sends for untaxed lines there.
 */
export function seedQboTaxCodes(company: QboCompanyData, createdAt: number): void {
  const codes =
    company.profile.country === 'US'
      ? [
          { id: 'TAX', name: 'TAX', description: 'TAX', ratePercent: 0 },
          { id: 'NON', name: 'NON', description: 'NON', ratePercent: 0 },
        ]
      : [
          { id: '2', name: '20.0% S', description: 'Standard rated 20%', ratePercent: 20 },
          { id: '4', name: 'Exempt', description: 'Exempt from VAT', ratePercent: 0 },
          { id: '6', name: '0.0% Z', description: 'Zero-rated', ratePercent: 0 },
          { id: '8', name: 'No VAT', description: 'Outside the scope of VAT', ratePercent: 0 },
        ];
  for (const code of codes) company.taxCodes.add({ ...code, active: true, createdAt });
}
