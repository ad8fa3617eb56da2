// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { OptionsApp } from '../../../components/options/options-app';
import { preferences, SITES_KEY, MATCHING_KEY } from '../../../lib/settings';
import { syncCustomSiteScripts } from '../../../lib/background/site-scripts';
import type { Status } from '../../../lib/messaging';
import { connection, SEAT } from './support/fake-proxy';
import { fakeBackgroundApi } from './support/fake-api';
import { click, flush, render, type as typeInto, type Rendered } from './support/render';

let view: Rendered | null = null;
afterEach(async () => {
  await view?.unmount();
  view = null;
  fakeBrowser.reset();
});
const status: Status = {
  paired: true, proxyUrl: 'http://127.0.0.1:4000', seat: SEAT, connections: [connection()], lastError: null, pendingAuthorize: null,
};

describe('options page', () => {
  it('loads and saves a company’s sync settings (vendors, require email) through the background', async () => {
    const saved: unknown[] = [];
    const api = fakeBackgroundApi({
      getStatus: async () => status,
      getConnectionSettings: async () => ({ ok: true, settings: { frequencyMinutes: 60, importVendors: false, historicalFrom: null, requireEmail: false } }),
      saveConnectionSettings: async ({ settings }) => {
        saved.push(settings);
        return { ok: true, settings };
      },
    });
    view = await render(<OptionsApp api={api} prefs={preferences(browser.storage.local)} />);
    await flush();
    expect(view.container.textContent).toContain('Only sync customers that have an email address');
    await click(view.byTestId('settings-import-vendors'));
    await click(view.byTestId('settings-require-email'));
    await click(view.byTestId('settings-save'));
    await flush();
    expect(saved).toEqual([{ frequencyMinutes: 60, importVendors: true, historicalFrom: null, requireEmail: true }]);
  });

  it('adds a custom site after validating its pattern and asking for its origin; stores sites and matching rules', async () => {
    const asked: string[][] = [];
    const prefs = preferences(browser.storage.local);
    view = await render(
      <OptionsApp api={fakeBackgroundApi({ getStatus: async () => status })} prefs={prefs} requestOrigins={async (o) => (asked.push(o), true)} />,
    );
    await flush();
    await typeInto(view.byTestId('site-urlPattern') as HTMLInputElement, 'not a pattern');
    await click(view.byTestId('site-add'));
    expect(view.container.textContent).toContain('That is not a URL pattern');
    await typeInto(view.byTestId('site-urlPattern') as HTMLInputElement, 'https://crm.example.com/clients/*');
    await typeInto(view.byTestId('site-emailSelector') as HTMLInputElement, '.email');
    await click(view.byTestId('site-add'));
    await flush();
    expect(asked).toEqual([['https://crm.example.com/clients/*']]);
    const stored = (await fakeBrowser.storage.local.get(SITES_KEY))[SITES_KEY] as { custom: { urlPattern: string; emailSelector: string }[] };
    expect(stored.custom[0]).toMatchObject({ urlPattern: 'https://crm.example.com/clients/*', emailSelector: '.email', label: 'crm.example.com' });

    await click(view.byTestId('site-builtin-hubspot'));
    await flush();
    expect((await prefs.sites.get()).builtins).toEqual({ hubspot: false });

    const email = view.byTestId('matching-rule-email')!;
    await click(email.querySelector('input'));
    await click(view.byTestId('matching-rule-domain')!.querySelector('[aria-label="Move up"]') as HTMLElement);
    await flush();
    const rules = (await fakeBrowser.storage.local.get(MATCHING_KEY))[MATCHING_KEY] as { rules: { kind: string; enabled: boolean }[] };
    expect(rules.rules.map((r) => `${r.kind}:${r.enabled}`)).toEqual(['email:false', 'company:true', 'domain:true', 'person:true']);
  });

  it('registers content scripts only for custom sites whose origin was granted', async () => {
    const registered: string[] = [];
    const ids = await syncCustomSiteScripts(
      {
        builtins: {},
        custom: [
          { id: 'a', label: 'A', urlPattern: 'https://a.example.com/*' },
          { id: 'b', label: 'B', urlPattern: 'https://b.example.com/*' },
        ],
      },
      {
        getRegisteredContentScripts: async () => [{ id: 'll-custom-old' }],
        unregisterContentScripts: async ({ ids: gone }) => void registered.push(...gone.map((g) => `-${g}`)),
        registerContentScripts: async (scripts) => void registered.push(...scripts.map((s) => `+${s.id} ${s.js[0]}`)),
      },
      { contains: async ({ origins }) => origins[0] === 'https://a.example.com/*' },
    );
    expect(ids).toEqual(['ll-custom-a']);
    expect(registered).toEqual(['-ll-custom-old', '+ll-custom-a content-scripts/crm.js']);
  });
});
