import { readFileSync } from 'node:fs';
import type { XeroMapContext } from '../../../proxy-server/providers/xero/xero-map-common';
import { xeroDeepLink } from '../../../proxy-server/providers/xero/xero-links';
import { referencePath } from '../../support/reference';

const REFERENCE = referencePath('xero') + '/';

/** One of the Xero OpenAPI spec's examples (reference/xero/examples). */
export function example(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${REFERENCE}examples/${name}`, 'utf8')) as Record<string, unknown>;
}

export function records(name: string, key: string): Record<string, unknown>[] {
  return example(name)[key] as Record<string, unknown>[];
}

/** The nth record of an example, as a mutable copy (awkward variants are built from real ones). */
export function recordOf(name: string, key: string, index = 0): Record<string, unknown> {
  const record = records(name, key)[index];
  if (!record) throw new Error(`${name} has no ${key}[${index}]`);
  return structuredClone(record);
}

export const ctx: XeroMapContext = {
  connectionId: 'conn-1',
  companyId: 'b2c885a9-4bb9-4a00-9b6e-6c2bf60b1a2b',
  baseCurrency: 'NZD',
  deepLink: (entity, id) => xeroDeepLink('https://go.xero.com', '!mBdtL', entity, id),
};
