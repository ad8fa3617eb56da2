import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crmAdapters } from '../../../lib/crm/registry';
import { contentScriptMatches, findRecordRoute } from '../../../lib/crm/matches';

describe('CRM registry', () => {
  it.each(crmAdapters.map((a) => a.id))('%s has fixtures', (id) => {
    const dir = resolve(import.meta.dirname, '../../fixtures/crm', id);
    expect(existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.html'))).toBe(true);
  });

  it.each(crmAdapters.map((a) => [a.id, a.label] as const))('%s is listed in the README', (_id, label) => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const supported = readme.split('### Supported CRMs')[1]?.split('\n## ')[0] ?? '';
    expect(supported).toMatch(new RegExp(`^\\| ${label} \\|`, 'm'));
  });

  it('derives the content script matches from the adapters', () => {
    const matches = contentScriptMatches();
    for (const adapter of crmAdapters) for (const pattern of adapter.matches) expect(matches).toContain(pattern);
  });

  it('finds the adapter for a record URL and nothing elsewhere', () => {
    expect(findRecordRoute(new URL('https://app.hubspot.com/contacts/1/record/0-1/2'))?.adapter.id).toBe('hubspot');
    expect(findRecordRoute(new URL('https://example.com/contacts/1/record/0-1/2'))).toBeNull();
  });
});
