import { describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { adaptersFor, customSiteAdapters, loadAdaptersFor, readStoredSites } from '../../../lib/content/custom-sites';
import { crmAdapters } from '../../../lib/crm/registry';
import { preferences, SITES_KEY } from '../../../lib/settings';

const HUBSPOT_RECORD = new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001');
const PRACTICE_RECORD = new URL('https://pm.practice.example/clients/8812/view');

describe('the options page’s sites (ledgerlens.sites) as the content script reads them', () => {
  it('reads the stored shape tolerantly and builds adapters for valid sites only', () => {
    const sites = readStoredSites({
      builtins: { hubspot: false, pipedrive: true, junk: 'no' },
      custom: [
        { id: 'pm', label: 'Practice', urlPattern: 'https://pm.practice.example/clients/*' },
        { id: 'bad', label: 'Bad', urlPattern: 'not a pattern' },
        null,
        { urlPattern: 'https://x.example/*' },
      ],
    });
    expect([...sites.disabled]).toEqual(['hubspot']);
    const adapters = customSiteAdapters(sites.custom);
    expect(adapters.map((a) => a.id)).toEqual(['pm']);
    expect(adapters[0]!.matchUrl(PRACTICE_RECORD)).not.toBeNull();
    expect(readStoredSites(undefined)).toEqual({ disabled: new Set(), custom: [] });
  });

  it('runs the built-in adapters on their CRM unless the user switched that CRM off', () => {
    const none = readStoredSites(undefined);
    expect(adaptersFor(HUBSPOT_RECORD, crmAdapters, none).map((a) => a.id)).toContain('hubspot');
    const off = readStoredSites({ builtins: { hubspot: false }, custom: [] });
    expect(adaptersFor(HUBSPOT_RECORD, crmAdapters, off)).toEqual([]);
  });

  it('runs a custom site’s adapter on its pages, written through the typed preference', async () => {
    const prefs = preferences(browser.storage.local);
    await prefs.sites.set({ builtins: {}, custom: [{ id: 'pm', label: 'Practice', urlPattern: 'https://pm.practice.example/clients/*' }] });
    expect(Object.keys(await fakeBrowser.storage.local.get(SITES_KEY))).toEqual([SITES_KEY]);
    const adapters = await loadAdaptersFor(PRACTICE_RECORD, crmAdapters, fakeBrowser.storage.local);
    expect(adapters.map((a) => a.id)).toEqual(['pm']);
    expect(await loadAdaptersFor(new URL('https://elsewhere.example/'), crmAdapters, fakeBrowser.storage.local)).toEqual([]);
  });
});
