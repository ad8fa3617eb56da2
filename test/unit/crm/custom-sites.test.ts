import { describe, expect, it } from 'vitest';
import { coveredByBuiltIn, customSiteAdapters } from '../../../lib/content/custom-sites';
import { crmAdapters } from '../../../lib/crm/registry';

describe('custom sites from storage.local', () => {
  it('builds adapters for valid, enabled sites only', () => {
    const adapters = customSiteAdapters([
      { id: 'pm', label: 'Practice', urlPattern: 'https://pm.practice.example/clients/*', enabled: true },
      { id: 'off', label: 'Off', urlPattern: 'https://off.example/*', enabled: false },
      { id: 'bad', label: 'Bad', urlPattern: 'not a pattern', enabled: true },
      null,
      { urlPattern: 'https://x.example/*' },
    ]);
    expect(adapters.map((a) => a.id)).toEqual(['pm']);
    expect(adapters[0]!.matchUrl(new URL('https://pm.practice.example/clients/8812/view'))).not.toBeNull();
    expect(customSiteAdapters(undefined)).toEqual([]);
  });

  it('needs no storage read on pages a built-in CRM covers', () => {
    expect(coveredByBuiltIn(new URL('https://app.hubspot.com/contacts/1/objects/0-1/views/all/list'), crmAdapters)).toBe(true);
    expect(coveredByBuiltIn(new URL('https://pm.practice.example/clients/1'), crmAdapters)).toBe(false);
  });
});
