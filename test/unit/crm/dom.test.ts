// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import {
  cleanEmail, deepQueryAll, emailsByLabel, parseAddress, textOf, uniqueEmails,
} from '../../../lib/crm/dom';
import { createCustomSiteAdapter } from '../../../lib/crm/adapters/custom-site';
import { adaptersById } from './adapters-under-test';
import { listCrmFixtures, parseHtml } from './load-fixture';

describe('deep queries through open shadow roots', () => {
  const doc = parseHtml(`<body>
    <x-outer><template shadowrootmode="open"><div class="field" data-f="Email"><x-mail><template shadowrootmode="open">
      <a href="mailto:a@x.example">a@x.example</a></template></x-mail></div><slot name="title"></slot></template>
      <span slot="title">Light <b>title</b></span></x-outer>
    <x-closed><template shadowrootmode="closed"><a href="mailto:hidden@x.example">h</a></template></x-closed></body>`);

  it('pierces with >>> and finds nothing a closed root hides', () => {
    expect(deepQueryAll(doc, 'div[data-f="Email"] >>> x-mail >>> a').map((a) => a.getAttribute('href'))).toEqual(['mailto:a@x.example']);
    expect(deepQueryAll(doc, 'a[href^="mailto:"]')).toHaveLength(1);
    expect(doc.querySelectorAll('a')).toHaveLength(0); // plain querySelector stops at the shadow host
  });

  it('reads text the way it is shown: shadow content and slotted light DOM', () => {
    expect(textOf(doc.querySelector('x-outer'))).toBe('a@x.example Light title');
  });
});

describe('e-mail clean-up', () => {
  it.each([
    ['mailto:Jane.Doe%40globex.example?subject=Hi', 'Jane.Doe@globex.example'],
    ['  "Jane Doe" <jane@globex.example> ', 'jane@globex.example'],
    ['jane@globex.example.', 'jane@globex.example'],
    ['not an email', null],
    ['jane@localhost', null],
  ])('%s → %s', (raw, expected) => {
    expect(cleanEmail(raw)).toBe(expected);
  });

  it('splits, trims and de-duplicates case-insensitively, keeping the first spelling', () => {
    expect(uniqueEmails(['mailto:a@x.example,b@x.example', ' A@X.example ', null, 'b@x.example'])).toEqual(['a@x.example', 'b@x.example']);
  });

  it('reads several addresses next to an "Email" label without gluing neighbouring chips', () => {
    const doc = parseHtml('<div><span>Email:</span><div><span>a@x.example</span><span>b@y.example</span></div></div>');
    expect(emailsByLabel(doc, ['Email'])).toEqual(['a@x.example', 'b@y.example']);
  });
});

describe('parseAddress', () => {
  it.each([
    [['500 Howard St', 'Suite 300', 'San Francisco, CA 94105', 'United States'], { line1: '500 Howard St', line2: 'Suite 300', city: 'San Francisco', region: 'CA', postalCode: '94105', country: 'United States' }],
    [['1 Martin Place', 'Sydney NSW 2000', 'Australia'], { line1: '1 Martin Place', line2: null, city: 'Sydney', region: 'NSW', postalCode: '2000', country: 'Australia' }],
    ['Friedrichstraße 68, 10117 Berlin, Germany', { line1: 'Friedrichstraße 68', line2: null, city: 'Berlin', region: null, postalCode: '10117', country: 'Germany' }],
    [['10 Downing Lane', 'London SW1A 2AA'], { line1: '10 Downing Lane', line2: null, city: 'London', region: null, postalCode: 'SW1A 2AA', country: null }],
    [['Somewhere unusual'], { line1: 'Somewhere unusual', line2: null, city: null, region: null, postalCode: null, country: null }],
  ] as const)('%j', (input, expected) => {
    expect(parseAddress(input)).toEqual(expected);
  });
  it('gives null for nothing', () => {
    expect(parseAddress([])).toBeNull();
    expect(parseAddress('  ')).toBeNull();
  });
});

describe('nothing rendered yet → null, never a half-read record', () => {
  const blank = parseHtml('<html><head><title>Loading…</title></head><body><div id="app"></div></body></html>');
  const records = listCrmFixtures().filter((f) => f.meta.expected && f.crm in adaptersById);
  it.each(records.map((f) => [`${f.crm}/${f.name}`, f] as const))('%s on an empty app shell', (_label, fixture) => {
    const adapter = adaptersById[fixture.crm];
    const url = new URL(fixture.meta.url);
    const route = adapter?.matchUrl(url);
    expect(route).toBeTruthy();
    if (adapter && route) expect(adapter.read(blank, route, url)).toBeNull();
  });
});

describe('custom sites', () => {
  const url = new URL('https://tools.example/c/1');
  it('fall back to the generic reading for selectors left out', () => {
    const adapter = createCustomSiteAdapter({ id: 'custom:tools', label: 'Tools', urlPattern: 'https://tools.example/c/*', nameSelector: 'h2.who' });
    const doc = parseHtml('<h2 class="who">Jane Doe</h2><main><a href="mailto:jane@globex.example">mail</a></main>');
    const route = adapter.matchUrl(url);
    expect(route).not.toBeNull();
    expect(route && adapter.read(doc, route, url)).toMatchObject({ crm: 'custom:tools', name: 'Jane Doe', emails: ['jane@globex.example'] });
  });
  it('read null until the given selectors show something', () => {
    const adapter = createCustomSiteAdapter({ id: 'custom:tools', label: 'Tools', urlPattern: 'https://tools.example/c/*', nameSelector: 'h2.who', emailSelector: '.mail' });
    const route = adapter.matchUrl(url);
    expect(route && adapter.read(parseHtml('<main><p>Loading</p></main>'), route, url)).toBeNull();
  });
});
