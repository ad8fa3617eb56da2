import { Window } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubspot } from '../../../lib/crm/adapters/hubspot';
import { startSandbox } from '../../../proxy-server/sandbox/server';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(() => sandbox.close());

// A DOM for parsing only; fetch stays Node's own (happy-dom's would apply browser CORS to the sandbox).
const window = new Window();
function parse(html: string): Document {
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

async function page(path: string): Promise<{ status: number; doc: Document; html: string }> {
  const response = await fetch(`${sandbox.url}${path}`);
  const html = await response.text();
  return { status: response.status, doc: parse(html), html };
}

describe('demo CRM served by the sandbox', () => {
  it('lists the sandbox customers and each record page is read by the real HubSpot adapter', async () => {
    const index = await page('/demo-crm/');
    expect(index.status).toBe(200);
    const links = [...index.doc.querySelectorAll<HTMLAnchorElement>('a[href*="/record/0-1/"]')];
    expect(links.length).toBeGreaterThanOrEqual(12);
    // The index is not a record page: the extension stays quiet there.
    expect(hubspot.matchUrl(new URL(`${sandbox.url}/demo-crm/`))).toBeNull();

    const withEmail = links.find((a) => a.closest('tr')?.textContent?.includes('@'));
    const href = withEmail!.getAttribute('href')!;
    const record = await page(href);
    const url = new URL(`${sandbox.url}${href}`);
    const route = hubspot.matchUrl(url);
    expect(route).not.toBeNull();
    const context = hubspot.read(record.doc, route!, url);
    const listedEmail = withEmail!.closest('tr')!.querySelectorAll('td')[1]!.textContent!.split(',')[0]!.trim();
    expect(context?.emails.map((e) => e.toLowerCase())).toContain(listedEmail.toLowerCase());
    expect(context?.name).toBe(withEmail!.textContent);
  });

  it('renders hostile customer names as text, never markup', async () => {
    const index = await page('/demo-crm/');
    expect(index.html).not.toMatch(/<script>|<img src=x/i);
    expect(index.doc.querySelector('img, script')).toBeNull();
    expect(index.doc.body.textContent).toContain('<script>');
  });

  it('answers 404 for a record that does not exist', async () => {
    expect((await page('/demo-crm/contacts/4242/record/0-1/nope')).status).toBe(404);
  });
});
