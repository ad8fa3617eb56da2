// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubspot } from '../../../lib/crm/adapters/hubspot';
import { RecordContextSchema } from '../../../lib/model';

const fixture = (name: string) =>
  new DOMParser().parseFromString(
    readFileSync(resolve(import.meta.dirname, '../../fixtures/crm/hubspot', name), 'utf8'),
    'text/html',
  );

const RECORD_URL = new URL('https://app.hubspot.com/contacts/4242/record/0-1/1001');

describe('HubSpot adapter: URLs', () => {
  it.each([
    ['https://app.hubspot.com/contacts/4242/record/0-1/1001', { kind: 'person', object: '0-1', id: '1001', tenant: '4242' }],
    ['https://app-eu1.hubspot.com/contacts/99/record/0-1/7/view/activity', { kind: 'person', id: '7', tenant: '99' }],
    ['https://app-na2.hubspot.com/contacts/99/record/0-2/55', { kind: 'company', object: '0-2', id: '55' }],
    ['http://127.0.0.1:4100/demo-crm/contacts/4242/record/0-1/1001', { kind: 'person', id: '1001', tenant: 'demo-4242' }],
    ['http://localhost:8080/demo-crm/contacts/4242/record/0-1/1001', { kind: 'person', id: '1001', tenant: 'demo-4242' }],
  ])('recognises %s', (url, route) => {
    expect(hubspot.matchUrl(new URL(url))).toMatchObject(route);
  });

  it.each([
    'https://app.hubspot.com/contacts/4242/objects/0-1/views/all/list',
    'https://app.hubspot.com/contacts/4242/record/0-3/1', // deal
    'https://app.hubspot.com/reports-dashboard/4242/view/1',
    'https://evil.example/contacts/4242/record/0-1/1001',
    'http://app.hubspot.com/contacts/4242/record/0-1/1001',
    'http://127.0.0.1:4000/v1/contacts/4242/record/0-1/1001',
  ])('ignores %s', (url) => {
    expect(hubspot.matchUrl(new URL(url))).toBeNull();
  });

  it('declares match patterns for the HubSpot hosts and the loopback demo CRM', () => {
    expect(hubspot.matches).toContain('https://app.hubspot.com/*');
    expect(hubspot.matches).toContain('http://127.0.0.1/demo-crm/*');
    expect(hubspot.matches).toContain('http://localhost/demo-crm/*');
  });
});

describe('HubSpot adapter: reading the saved contact page', () => {
  it('reads the name, every email of the record (and no unrelated one), phone and company', () => {
    const doc = fixture('contact-record.html');
    const record = hubspot.read(doc, hubspot.matchUrl(RECORD_URL)!, RECORD_URL);
    expect(RecordContextSchema.parse(record)).toEqual({
      crm: 'hubspot',
      kind: 'person',
      recordKey: 'hubspot:4242:0-1:1001',
      name: 'Ada Lovelace',
      emails: ['ada.lovelace@example.com', 'A.Lovelace@Analytical-Engines.example'],
      companyName: 'Analytical Engines Ltd',
      phone: '+44 20 7946 0958',
      address: null,
    });
  });

  it('anchors the panel right after the highlight details', () => {
    const doc = fixture('contact-record.html');
    expect(hubspot.anchor(doc)?.getAttribute('data-selenium-test')).toBe('contact-highlight-details');
  });

  it('finds no record on the contacts index page', () => {
    const doc = fixture('contacts-index.html');
    const url = new URL('https://app.hubspot.com/contacts/4242/objects/0-1/views/all/list');
    expect(hubspot.matchUrl(url)).toBeNull();
    // Even under a record URL (an SPA mid-navigation), the index's DOM is not a record.
    expect(hubspot.read(doc, hubspot.matchUrl(RECORD_URL)!, RECORD_URL)).toBeNull();
  });

  it('waits for late rendering: null until the name and the email area exist', () => {
    const full = fixture('contact-record.html');
    const doc = document.implementation.createHTMLDocument('HubSpot');
    const route = hubspot.matchUrl(RECORD_URL)!;
    const sidebar = doc.createElement('div');
    sidebar.setAttribute('data-test-id', 'left-sidebar');
    doc.body.append(sidebar);
    expect(hubspot.read(doc, route, RECORD_URL)).toBeNull();

    // The title arrives first: still null, the emails are not there yet.
    sidebar.append(doc.importNode(full.querySelector('[data-selenium-test="highlightTitle"]')!, true));
    expect(hubspot.read(doc, route, RECORD_URL)).toBeNull();

    sidebar.append(doc.importNode(full.querySelector('[data-selenium-test="about-this-contact"]')!, true));
    const record = hubspot.read(doc, route, RECORD_URL);
    expect(record?.name).toBe('Ada Lovelace');
    expect(record?.emails).toEqual(['ada.lovelace@example.com', 'A.Lovelace@Analytical-Engines.example']);
  });
});
