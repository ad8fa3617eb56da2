// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { CrmAdapter } from '../../../lib/crm/adapter';
import { RecordContextSchema } from '../../../lib/model';
import { createCustomSiteAdapter, matchPatternToRegExp, type CustomSiteConfig } from '../../../lib/crm/adapters/custom-site';
import { adaptersById } from './adapters-under-test';
import { hasLateRender, listCrmFixtures, loadFixture, renderLate } from './load-fixture';

/**
 * Every fixture folder, driven by its meta.json: the page served at `url` must yield `expected` (or nothing).
 * HubSpot's fixtures belong to the HubSpot adapter's own tests and are skipped here when it is not in the map.
 */
const fixtures = listCrmFixtures().filter((f) => f.crm in adaptersById || f.crm === 'custom-site');

function adapterFor(crm: string, config: Record<string, unknown> | undefined): CrmAdapter {
  if (crm === 'custom-site') return createCustomSiteAdapter(config as unknown as CustomSiteConfig);
  const adapter = adaptersById[crm];
  if (!adapter) throw new Error(`no adapter for ${crm}`);
  return adapter;
}

describe.each(fixtures.map((f) => [`${f.crm}/${f.name}`, f] as const))('%s', (_label, fixture) => {
  const adapter = adapterFor(fixture.crm, fixture.meta.config);
  const url = new URL(fixture.meta.url);
  const { expected } = fixture.meta;

  // The generic adapter has no static patterns: it runs only on sites the user enabled (see generic.ts).
  if (adapter.matches.length > 0) {
    it('is served at a URL the adapter’s match patterns cover', () => {
      const bare = `${url.protocol}//${url.hostname}${url.pathname}${url.search}`;
      expect(adapter.matches.some((pattern) => matchPatternToRegExp(pattern).test(bare))).toBe(true);
    });
  }

  if (expected === null) {
    it('recognises no record', () => {
      const route = adapter.matchUrl(url);
      const doc = loadFixture(fixture);
      renderLate(doc);
      expect(route ? adapter.read(doc, route, url) : null).toBeNull();
    });
    return;
  }

  it('reads the record the page shows', () => {
    const route = adapter.matchUrl(url);
    expect(route).not.toBeNull();
    if (!route) return;
    if (route.object !== 'page') expect(route.kind, 'the URL alone tells person from company').toBe(expected.kind);
    const doc = loadFixture(fixture);
    if (hasLateRender(doc)) {
      expect(adapter.read(doc, route, url), 'nothing to read before the record renders').toBeNull();
      expect(renderLate(doc)).toBeGreaterThan(0);
    }
    const context = adapter.read(doc, route, url);
    expect(context).toEqual(expected);
    expect(() => RecordContextSchema.parse(context)).not.toThrow();
  });

  it('offers an anchor or lets the panel float', () => {
    const doc = loadFixture(fixture);
    renderLate(doc);
    const anchor = adapter.anchor(doc);
    expect(anchor === null || anchor.nodeType === 1).toBe(true);
  });
});
