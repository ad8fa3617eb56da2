// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"enableIframePageLoading":true}}
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createPanelHost, PANEL_ATTRIBUTE, PREWARM_ATTRIBUTE } from '../../../lib/content/panel-host';
import { createRecordWatcher } from '../../../lib/content/record-watcher';
import type { RecordContext } from '../../../lib/model';

const fixtureBody = () => {
  const html = readFileSync(resolve(import.meta.dirname, '../../fixtures/crm/hubspot/contact-record.html'), 'utf8');
  return new DOMParser().parseFromString(html, 'text/html').body.innerHTML;
};
// happy-dom cannot load chrome-extension: pages; a data: page stands in for the panel.
const PANEL_URL = 'data:text/html,panel';
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const panels = () => document.querySelectorAll(`iframe[${PANEL_ATTRIBUTE}]`);

let ctx: ContentScriptContext;
let mounted: RecordContext[];
let updates: RecordContext[];

function setup() {
  const host = createPanelHost({ ctx, panelUrl: PANEL_URL, open: async () => true });
  return createRecordWatcher({
    ctx,
    throttleMs: 10,
    staleMs: 200,
    onRecord: (record, anchor) => {
      mounted.push(record);
      host.show(record, anchor);
    },
    onUpdate: (record, anchor, changed) => {
      if (changed) {
        updates.push(record);
        host.update(record);
      }
      host.ensureAttached(anchor);
    },
    onLeave: () => host.hide(),
    onWaiting: () => host.prewarm(),
  });
}

beforeEach(() => {
  ctx = new ContentScriptContext('crm-test');
  mounted = [];
  updates = [];
  document.body.innerHTML = '';
});
afterEach(() => {
  ctx.abort();
  document.body.innerHTML = '';
});

describe('content script: one panel per record', () => {
  it('mounts one extension-origin iframe after the highlight details of a rendered record', async () => {
    document.body.innerHTML = fixtureBody();
    const watcher = setup();
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001'), { initial: true });
    await wait(30);
    expect(panels()).toHaveLength(1);
    const frame = panels()[0] as HTMLIFrameElement;
    expect(frame.getAttribute('src')).toBe(PANEL_URL);
    expect(frame.previousElementSibling?.getAttribute('data-selenium-test')).toBe('contact-highlight-details');
    expect(mounted.map((r) => r.emails)).toEqual([['ada.lovelace@example.com', 'A.Lovelace@Analytical-Engines.example']]);
  });

  it('on load, a record already rendered gets its panel at once, without loading one ahead first (bench P5)', async () => {
    document.body.innerHTML = fixtureBody();
    const created: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n instanceof HTMLIFrameElement) created.push(n.hasAttribute(PREWARM_ATTRIBUTE) ? 'prewarm' : 'panel');
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const watcher = setup();
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001'), { initial: true });
    await wait(30);
    observer.disconnect();
    expect(created).toEqual(['panel']);
    expect(panels()).toHaveLength(1);
  });

  it('loads the panel ahead while a record that renders late is awaited', async () => {
    const watcher = setup();
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001'), { initial: true });
    await wait(30);
    expect(document.querySelectorAll(`iframe[${PREWARM_ATTRIBUTE}]`)).toHaveLength(1);
    document.body.append(...new DOMParser().parseFromString(fixtureBody(), 'text/html').body.childNodes);
    await wait(40);
    expect(panels()).toHaveLength(1);
    expect(document.querySelectorAll('iframe')).toHaveLength(1);
  });

  it('waits for a record that renders late', async () => {
    const watcher = setup();
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001'), { initial: true });
    await wait(30);
    expect(panels()).toHaveLength(0);
    document.body.innerHTML = fixtureBody();
    await wait(40);
    expect(panels()).toHaveLength(1);
    expect(mounted).toHaveLength(1);
  });

  it('loads the panel hidden while a record URL waits for its content, then moves that same iframe into place', async () => {
    const watcher = setup();
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001'), { initial: true });
    await wait(30);
    expect(panels()).toHaveLength(0);
    const warm = document.querySelectorAll('iframe');
    expect(warm).toHaveLength(1);
    expect((warm[0] as HTMLIFrameElement).style.visibility).toBe('hidden');
    const content = document.createElement('div');
    content.innerHTML = fixtureBody();
    document.body.append(content);
    await wait(40);
    expect(panels()).toHaveLength(1);
    expect(panels()[0]).toBe(warm[0]);
    expect((panels()[0] as HTMLIFrameElement).style.visibility).toBe('');
    expect(panels()[0]!.previousElementSibling?.getAttribute('data-selenium-test')).toBe('contact-highlight-details');
    expect(document.querySelectorAll('iframe')).toHaveLength(1);
    // Leaving the record removes it; a non-record URL loads nothing.
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/objects/0-1/views/all/list'));
    expect(document.querySelectorAll('iframe')).toHaveLength(0);
  });

  it('replaces the panel on SPA navigation to another record, only once the new record has rendered', async () => {
    document.body.innerHTML = fixtureBody();
    const watcher = setup();
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001'), { initial: true });
    await wait(30);
    const first = panels()[0];

    // Navigation happens before the SPA re-renders: the old DOM must not be taken for the new record.
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/2002'));
    await wait(60);
    expect(panels()).toHaveLength(0);
    document.querySelector('[data-selenium-test="highlightTitle"]')!.textContent = 'Charles Babbage';
    document.querySelector('a[href^="mailto:ada"]')!.setAttribute('href', 'mailto:charles@example.org');
    document.querySelector('a[href^="mailto:charles"]')!.textContent = 'charles@example.org';
    (document.querySelector('#prop-email') as HTMLInputElement).value = 'charles@example.org';
    document.querySelector('[data-selenium-test="property-input-hs_additional_emails"] .property-value')!.textContent = '';
    await wait(40);
    expect(panels()).toHaveLength(1);
    expect(panels()[0]).not.toBe(first);
    expect(mounted.map((r) => [r.recordKey, r.name])).toEqual([
      ['hubspot:4242:0-1:1001', 'Ada Lovelace'],
      ['hubspot:4242:0-1:2002', 'Charles Babbage'],
    ]);
    expect(mounted[1]?.emails).toEqual(['charles@example.org']);
  });

  it('removes the panel when leaving the record, and never mounts twice for the same record', async () => {
    document.body.innerHTML = fixtureBody();
    const watcher = setup();
    const url = new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001');
    watcher.check(url, { initial: true });
    await wait(30);
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001?tab=activity'));
    await wait(30);
    expect(panels()).toHaveLength(1);
    expect(mounted).toHaveLength(1);

    watcher.check(new URL('https://app.hubspot.com/contacts/4242/objects/0-1/views/all/list'));
    expect(panels()).toHaveLength(0);
  });

  it('re-attaches the panel when the CRM re-renders its sidebar, and passes on emails that appear later', async () => {
    document.body.innerHTML = fixtureBody();
    const watcher = setup();
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001'), { initial: true });
    await wait(30);
    panels()[0]!.remove();
    document.querySelector('[data-selenium-test="property-input-hs_additional_emails"] .property-value')!.textContent =
      'a.lovelace@analytical-engines.example; countess@lovelace.example';
    await wait(40);
    expect(panels()).toHaveLength(1);
    expect(mounted).toHaveLength(1);
    expect(updates.at(-1)?.emails).toContain('countess@lovelace.example');
  });

  it('tears everything down when the content script is invalidated', async () => {
    document.body.innerHTML = fixtureBody();
    const watcher = setup();
    watcher.check(new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001'), { initial: true });
    await wait(30);
    ctx.abort();
    expect(panels()).toHaveLength(0);
  });
});
