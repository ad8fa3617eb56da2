import { Hono } from 'hono';
import { escapeHtml } from '../html.js';
import { addQboAppInvoiceRoutes } from './app-invoice-routes.js';
import type { QboState } from './state.js';

/**
 * A stand-in for the QBO web app's customer page, so deep links (`app.qbo.intuit.com/app/customerdetail?nameId=`,
 * api-facts.md "Deep links") open something real. The real link carries no realm; `realmId` may be added, otherwise
 * the first company that has the id wins.
 */
export function createQboAppRoutes(state: QboState): Hono {
  const routes = new Hono();
  routes.get('/app/customerdetail', (c) => {
    const id = c.req.query('nameId') ?? '';
    const realmId = c.req.query('realmId');
    const company = state.companies.find(
      (candidate) => (realmId === undefined || candidate.profile.realmId === realmId) && candidate.customer(id) !== undefined,
    );
    const customer = company?.customer(id);
    if (company === undefined || customer === undefined) {
      return c.html('<!doctype html><title>Not found</title><h1>Customer not found</h1>', 404);
    }
    const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: customer.currency });
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(customer.displayName)} — QuickBooks (sandbox)</title></head>
<body>
<p>${escapeHtml(company.profile.name)}</p>
<h1 data-testid="qbo-customer-name">${escapeHtml(customer.displayName)}</h1>
<p>Open balance: <span data-testid="qbo-customer-balance">${escapeHtml(money.format(customer.balanceCents / 100))}</span></p>
<p>Email: <span data-testid="qbo-customer-email">${escapeHtml(customer.email ?? '')}</span></p>
<p>Status: ${customer.active ? 'Active' : 'Inactive'}</p>
<h2>Open invoices</h2>
<ul>${company
      .invoicesOf(customer.id)
      .filter((invoice) => invoice.balanceCents > 0)
      .map(
        (invoice) =>
          `<li><a href="/qbo/app/invoice?txnId=${encodeURIComponent(invoice.id)}&realmId=${encodeURIComponent(company.profile.realmId)}">Invoice ${escapeHtml(invoice.docNumber)}</a> — ${escapeHtml(money.format(invoice.balanceCents / 100))} due ${escapeHtml(invoice.dueDate)}</li>`,
      )
      .join('')}</ul>
</body></html>`);
  });
  addQboAppInvoiceRoutes(state, routes);
  return routes;
}
