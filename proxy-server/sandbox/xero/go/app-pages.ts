import { Hono, type Context } from 'hono';
import { type SandboxClock } from '../../emulator';
import { type EmitChange } from '../api/change-events';
import { applyPayment } from '../store/apply-payment';
import { type InvoiceRecord } from '../store/model';
import { amountDueCents, contactBalances, type TenantStore } from '../store/tenant-store';
import { escapeHtml } from '../support/escape-html';
import { amountToCents, centsToFixed } from '../support/money';
import { dateString, startOfUtcDay } from '../support/ms-date';

export interface AppPagesDeps {
  clock: SandboxClock;
  tenants: () => TenantStore[];
  emit: EmitChange;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Xero sandbox</title>` +
    `<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#1e3145}table{border-collapse:collapse}` +
    `td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}</style></head><body>${body}</body></html>`;
}

function money(cents: number, currency: string): string {
  return `${escapeHtml(currency)} ${centsToFixed(cents)}`;
}

/**
 * The go.xero.com pages deep links open (api-facts.md section 2, Deep links): the organisation login redirect with a
 * ShortCode, a contact, and an invoice with a "record payment" form that fires the INVOICE UPDATE webhook, so a
 * test can change data "in Xero" and watch the product pick it up.
 */
export function createAppPages(deps: AppPagesDeps): Hono {
  const routes = new Hono();
  const prefix = (c: Context, suffix: string) => c.req.path.slice(0, c.req.path.length - suffix.length);

  function findContact(id: string) {
    for (const store of deps.tenants()) {
      const contact = store.contactsById.get(id.toLowerCase());
      if (contact) return { store, contact };
    }
    return undefined;
  }
  function findInvoice(id: string) {
    for (const store of deps.tenants()) {
      const invoice = store.invoices.byId(id);
      if (invoice) return { store, invoice };
    }
    return undefined;
  }

  routes.get('/organisationlogin/default.aspx', (c) => {
    const shortCode = c.req.query('shortcode') ?? c.req.query('shortCode') ?? '';
    const redirect = c.req.query('redirecturl') ?? '/Dashboard';
    const store = deps.tenants().find((tenant) => tenant.organisation.shortCode === shortCode);
    if (!store || !redirect.startsWith('/') || redirect.startsWith('//')) {
      return c.html(page('Not found', '<h1>Organisation not found</h1>'), 404);
    }
    return c.redirect(`${prefix(c, '/organisationlogin/default.aspx')}${redirect}`, 302);
  });

  function contactPage(c: Context, id: string, base: string) {
    const found = findContact(id);
    if (!found) return c.html(page('Not found', '<h1>Contact not found</h1>'), 404);
    const { store, contact } = found;
    const balances = contactBalances(store, contact.contactId, deps.clock.now());
    const currency = contact.defaultCurrency ?? store.organisation.baseCurrency;
    const rows = store.invoices.forContact(contact.contactId)
      .map((invoice) => `<tr data-testid="sandbox-invoice-row"><td><a href="${base}/AccountsReceivable/View.aspx?InvoiceID=${invoice.invoiceId}">${escapeHtml(invoice.invoiceNumber)}</a></td>` +
        `<td>${escapeHtml(invoice.status)}</td><td>${money(invoice.totalCents, invoice.currencyCode)}</td><td>${money(amountDueCents(invoice), invoice.currencyCode)}</td></tr>`)
      .join('');
    return c.html(page(contact.name, `<p>${escapeHtml(store.organisation.name)}</p>` +
      `<h1 data-testid="sandbox-contact-name">${escapeHtml(contact.name)}</h1>` +
      `<p>${escapeHtml(contact.email ?? '')}</p>` +
      `<p>Outstanding <span data-testid="sandbox-contact-outstanding">${money(balances.receivableOutstandingCents, currency)}</span>, ` +
      `overdue ${money(balances.receivableOverdueCents, currency)}</p>` +
      `<table><tr><th>Number</th><th>Status</th><th>Total</th><th>Due</th></tr>${rows}</table>`));
  }

  routes.get('/Contacts/View/:id', (c) => contactPage(c, c.req.param('id'), prefix(c, `/Contacts/View/${c.req.param('id')}`)));
  routes.get('/Contacts/View.aspx', (c) => contactPage(c, c.req.query('contactID') ?? c.req.query('contactId') ?? '', prefix(c, '/Contacts/View.aspx')));

  function invoicePage(c: Context, store: TenantStore, invoice: InvoiceRecord, error?: string) {
    const contact = store.contactsById.get(invoice.contactId);
    const base = prefix(c, '/AccountsReceivable/View.aspx');
    const form = invoice.status === 'AUTHORISED'
      ? `<form method="post"><label>Amount <input name="amount" data-testid="sandbox-payment-amount" value="${centsToFixed(amountDueCents(invoice))}"></label>` +
        `<label> Date <input name="date" type="date" value="${dateString(startOfUtcDay(deps.clock.now())).slice(0, 10)}"></label>` +
        ` <button type="submit" data-testid="sandbox-record-payment">Record payment</button></form>`
      : '';
    return c.html(page(invoice.invoiceNumber, `<p>${escapeHtml(store.organisation.name)}</p>` +
      `<h1 data-testid="sandbox-invoice-number">${escapeHtml(invoice.invoiceNumber)}</h1>` +
      `<p>To <a href="${base}/Contacts/View/${invoice.contactId}">${escapeHtml(contact?.name ?? '')}</a></p>` +
      (error ? `<p role="alert">${escapeHtml(error)}</p>` : '') +
      `<p>Status <span data-testid="sandbox-invoice-status">${escapeHtml(invoice.status)}</span></p>` +
      `<p>Total ${money(invoice.totalCents, invoice.currencyCode)}, paid ${money(invoice.paidCents, invoice.currencyCode)}, ` +
      `due <span data-testid="sandbox-invoice-due">${money(amountDueCents(invoice), invoice.currencyCode)}</span></p>${form}`), error ? 400 : 200);
  }

  routes.get('/AccountsReceivable/View.aspx', (c) => {
    const found = findInvoice(c.req.query('InvoiceID') ?? c.req.query('invoiceID') ?? '');
    if (!found) return c.html(page('Not found', '<h1>Invoice not found</h1>'), 404);
    return invoicePage(c, found.store, found.invoice);
  });

  routes.post('/AccountsReceivable/View.aspx', async (c) => {
    const found = findInvoice(c.req.query('InvoiceID') ?? c.req.query('invoiceID') ?? '');
    if (!found) return c.html(page('Not found', '<h1>Invoice not found</h1>'), 404);
    const form = new URLSearchParams(await c.req.text());
    const now = deps.clock.now();
    const amountCents = amountToCents(form.get('amount') ?? '');
    if (amountCents === undefined) return invoicePage(c, found.store, found.invoice, 'Enter an amount');
    const outcome = applyPayment(found.store, found.invoice, { amountCents, date: startOfUtcDay(now), reference: 'Recorded in the sandbox web app', now });
    if (!outcome.ok) return invoicePage(c, found.store, found.invoice, outcome.message);
    deps.emit({ tenantId: found.store.organisation.tenantId, category: 'INVOICE', type: 'UPDATE', resourceId: found.invoice.invoiceId, at: now });
    return c.redirect(`${c.req.path}?InvoiceID=${found.invoice.invoiceId}`, 303);
  });

  return routes;
}
