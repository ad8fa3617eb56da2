import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { RecordContextSchema } from '../../../lib/model';

/**
 * CRM fixture convention (test/fixtures/crm/<crm>/):
 *
 *   <name>.html       a saved-looking page of the CRM (app chrome, navigation, custom elements)
 *   <name>.meta.json  { "url": "<the URL the page is served at>", "expected": RecordContext | null }
 *                     expected null = nothing to recognise on this page (matchUrl or read gives null).
 *                     custom-site fixtures add "config": the createCustomSiteAdapter options.
 *
 * Shadow roots are written the standard way, as declarative shadow DOM: a `<template shadowrootmode="open">` as the
 * first child of its host. Chromium builds those roots itself when the e2e tests serve the page; happy-dom 21 does
 * not parse them, so `attachDeclarativeShadowRoots` below attaches them (same result, same nesting).
 *
 * Late rendering: a `<template data-late-render>` holds markup the CRM renders after its data arrives. Tests first
 * assert `read` gives null, then call `renderLate(doc)`, which replaces each such template by its content in place
 * (attaching any declarative shadow roots inside it), and assert the record is read.
 *
 * `attachDeclarativeShadowRoots` and `renderLate` are self-contained (no imports, no closures) so an e2e test can
 * pass them to `page.evaluate` unchanged.
 */

const here = dirname(fileURLToPath(import.meta.url));
export const CRM_FIXTURES_DIR = join(here, '../../fixtures/crm');

export const FixtureMetaSchema = z.object({
  url: z.string().url(),
  expected: RecordContextSchema.nullable(),
  config: z.record(z.string(), z.unknown()).optional(),
});
export type FixtureMeta = z.infer<typeof FixtureMetaSchema>;

export interface CrmFixture {
  crm: string;
  name: string;
  htmlPath: string;
  meta: FixtureMeta;
}

/** Every `<name>.html` + `<name>.meta.json` pair, per CRM folder (optionally one CRM only). */
export function listCrmFixtures(crm?: string): CrmFixture[] {
  const crms = crm ? [crm] : readdirSync(CRM_FIXTURES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  const fixtures: CrmFixture[] = [];
  for (const folder of crms.sort()) {
    const dir = join(CRM_FIXTURES_DIR, folder);
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.html')).sort()) {
      const name = file.slice(0, -'.html'.length);
      const metaPath = join(dir, `${name}.meta.json`);
      if (!existsSync(metaPath)) continue;
      const meta = FixtureMetaSchema.parse(JSON.parse(readFileSync(metaPath, 'utf8')));
      fixtures.push({ crm: folder, name, htmlPath: join(dir, file), meta });
    }
  }
  return fixtures;
}

/** Parses a fixture into a fresh Document (happy-dom's DOMParser) with its shadow roots attached. */
export function loadFixture(fixture: CrmFixture | string): Document {
  const html = readFileSync(typeof fixture === 'string' ? fixture : fixture.htmlPath, 'utf8');
  return parseHtml(html);
}

export function parseHtml(html: string): Document {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  attachDeclarativeShadowRoots(doc);
  return doc;
}

export function hasLateRender(doc: Document): boolean {
  return doc.querySelector('template[data-late-render]') !== null || deepHasLate(doc);
}

function deepHasLate(root: Document | ShadowRoot): boolean {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    if (el.shadowRoot && (el.shadowRoot.querySelector('template[data-late-render]') || deepHasLate(el.shadowRoot))) return true;
  }
  return false;
}

/** Attaches `<template shadowrootmode="open|closed">` children as shadow roots (declarative shadow DOM polyfill). */
export function attachDeclarativeShadowRoots(root: Document | Element | DocumentFragment | ShadowRoot): number {
  let attached = 0;
  const visit = (scope: Document | Element | DocumentFragment | ShadowRoot): void => {
    const templates = Array.from(scope.querySelectorAll('template[shadowrootmode]')) as HTMLTemplateElement[];
    for (const template of templates) {
      const host = template.parentElement;
      if (!host || host.shadowRoot) continue;
      const mode = template.getAttribute('shadowrootmode') === 'closed' ? 'closed' : 'open';
      const shadow = host.attachShadow({ mode });
      shadow.appendChild(template.content.cloneNode(true));
      template.remove();
      attached += 1;
      visit(shadow);
    }
  };
  visit(root);
  return attached;
}

/** Replaces every `<template data-late-render>` (also inside open shadow roots) by its content; returns how many. */
export function renderLate(doc: Document): number {
  let rendered = 0;
  const attach = (scope: Element | DocumentFragment | ShadowRoot): void => {
    for (const template of Array.from(scope.querySelectorAll('template[shadowrootmode]')) as HTMLTemplateElement[]) {
      const host = template.parentElement;
      if (!host || host.shadowRoot) continue;
      const shadow = host.attachShadow({ mode: template.getAttribute('shadowrootmode') === 'closed' ? 'closed' : 'open' });
      shadow.appendChild(template.content.cloneNode(true));
      template.remove();
      attach(shadow);
    }
  };
  const visit = (scope: Document | ShadowRoot): void => {
    for (const template of Array.from(scope.querySelectorAll('template[data-late-render]')) as HTMLTemplateElement[]) {
      const fragment = template.content.cloneNode(true) as DocumentFragment;
      const nodes = Array.from(fragment.childNodes);
      template.replaceWith(fragment);
      for (const node of nodes) if (node.nodeType === 1) attach(node as Element);
      rendered += 1;
    }
    for (const el of Array.from(scope.querySelectorAll('*'))) if (el.shadowRoot) visit(el.shadowRoot);
  };
  visit(doc);
  return rendered;
}
