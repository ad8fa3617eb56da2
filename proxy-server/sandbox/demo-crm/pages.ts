import { escapeHtml as e } from '../html.js';
import type { DemoContact } from './demo-contact.js';

/** The demo CRM's portal id; record URLs are `/demo-crm/contacts/{portal}/record/0-1/{id}` like HubSpot's. */
export const DEMO_PORTAL = '4242';

export function recordPath(contact: DemoContact): string {
  return `/demo-crm/contacts/${DEMO_PORTAL}/record/0-1/${encodeURIComponent(contact.id)}`;
}

const STYLE = `
  body { margin: 0; font: 14px/1.45 system-ui, sans-serif; color: #33475b; background: #f5f8fa; }
  header { background: #2d3e50; color: #fff; padding: 10px 20px; font-weight: 600; }
  main { display: flex; gap: 16px; padding: 16px; }
  [data-test-id="left-sidebar"] { width: 340px; background: #fff; border: 1px solid #cbd6e2; padding: 16px; }
  .middle { flex: 1; background: #fff; border: 1px solid #cbd6e2; padding: 16px; }
  h1 { font-size: 20px; margin: 8px 0; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  td, th { border-bottom: 1px solid #eaf0f6; padding: 6px 8px; text-align: left; }
  .note { color: #516f90; }`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${e(title)} | Demo CRM</title>
<style>${STYLE}</style></head><body><header>Demo CRM (HubSpot-style pages served by the LedgerLens sandbox)</header>
${body}</body></html>`;
}

/** The contact list: a non-record page (the extension stays quiet here) linking to every record. */
export function indexPage(contacts: readonly DemoContact[]): string {
  const rows = contacts
    .map(
      (c) => `<tr><td><a href="${e(recordPath(c))}">${e(c.name)}</a></td><td>${e(c.emails.join(', ') || '—')}</td>
<td>${e(c.companyName ?? '—')}</td><td class="note">${e(c.source)}</td></tr>`,
    )
    .join('\n');
  return layout(
    'Contacts',
    `<main><div class="middle"><h1>Contacts</h1>
<p class="note">Open a contact: with the extension paired and QuickBooks connected, its LedgerLens panel shows what
the sandbox's books say about that customer.</p>
<table><thead><tr><th>Name</th><th>Email</th><th>Company</th><th>In the books</th></tr></thead>
<tbody>${rows}</tbody></table></div></main>`,
  );
}

/** A contact record with HubSpot's DOM hooks (CRM_NOTES.md), so the real HubSpot adapter reads it. */
export function recordPage(contact: DemoContact): string {
  const [primary, ...others] = contact.emails;
  const emailLink = (email: string) =>
    `<a href="mailto:${e(email)}" data-selenium-test="contact-highlight-email">${e(email)}</a>`;
  return layout(
    contact.name,
    `<main>
<div data-test-id="left-sidebar">
  <p><a href="/demo-crm">← Contacts</a></p>
  <div data-selenium-test="contact-highlight">
    <h1 data-selenium-test="highlightTitle">${e(contact.name)}</h1>
    ${contact.companyName ? `<div>at <a href="#" data-selenium-test="company-chicklet-title-link">${e(contact.companyName)}</a></div>` : ''}
    <div data-selenium-test="contact-highlight-details">${primary ? emailLink(primary) : '<span>No email</span>'}</div>
  </div>
  <section data-selenium-test="about-this-contact"><h2>About this contact</h2>
    <div data-selenium-test="property-input-email"><label>Email</label><div>${e(primary ?? '')}</div></div>
    ${others.length ? `<div data-selenium-test="property-input-hs_additional_emails"><label>Additional emails</label><div>${others.map(e).join(', ')}</div></div>` : ''}
    <div data-selenium-test="property-input-phone"><label>Phone number</label><div>${e(contact.phone ?? '')}</div></div>
  </section>
</div>
<div class="middle"><h2>Activity</h2><p class="note">No activity yet.</p></div>
</main>`,
  );
}
