import type { Hono } from 'hono';
import { escapeHtml as e } from '../html.js';
import { createPayment } from './payment-write.js';
import { formatQboDate } from './qbo-time.js';
import type { QboCompanyData, QboInvoiceRecord } from './records.js';
import { announce, type QboState } from './state.js';

/**
 * The QBO web app's invoice page at its deep-link path (`app.qbo.intuit.com/app/invoice?txnId=`, api-facts.md "Deep
 * links"), where a person records a payment the way a bookkeeper would. The payment goes through the same write path
 * as `POST /payment`, so it changes the invoice's and the customer's Balance and fires the same webhooks: this is
 * what the "payment recorded → panel updated" path (issue 7, P2) starts from.
 */
export function addQboAppInvoiceRoutes(state: QboState, routes: Hono): void {
  const find = (txnId: string, realmId: string | undefined): { company: QboCompanyData; invoice: QboInvoiceRecord } | null => {
    for (const company of state.companies) {
      if (realmId !== undefined && company.profile.realmId !== realmId) continue;
      const invoice = company.invoice(txnId);
      if (invoice !== undefined) return { company, invoice };
    }
    return null;
  };

  routes.get('/app/invoice', (c) => {
    const found = find(c.req.query('txnId') ?? '', c.req.query('realmId'));
    if (found === null) return c.html('<!doctype html><title>Not found</title><h1>Invoice not found</h1>', 404);
    return c.html(invoicePage(found.company, found.invoice, c.req.query('paid') === '1'));
  });

  routes.post('/app/invoice/payment', async (c) => {
    const form = await c.req.parseBody();
    const txnId = typeof form['txnId'] === 'string' ? form['txnId'] : '';
    const realmId = typeof form['realmId'] === 'string' ? form['realmId'] : undefined;
    const amount = Number(typeof form['amount'] === 'string' ? form['amount'] : NaN);
    const found = find(txnId, realmId);
    if (found === null) return c.html('<!doctype html><title>Not found</title><h1>Invoice not found</h1>', 404);
    const { company, invoice } = found;
    const now = state.clock.now();
    if (!Number.isFinite(amount) || amount <= 0) return c.html(invoicePage(company, invoice, false, 'Enter an amount above zero.'), 400);
    const result = createPayment(
      company,
      {
        CustomerRef: { value: invoice.customerId },
        TotalAmt: amount,
        TxnDate: formatQboDate(now).slice(0, 10),
        Line: [{ Amount: amount, LinkedTxn: [{ TxnId: invoice.id, TxnType: 'Invoice' }] }],
      },
      now,
    );
    if (!result.ok) return c.html(invoicePage(company, invoice, false, result.error.Detail), 400);
    const realm = company.profile.realmId;
    announce(state, { realmId: realm, entity: 'Payment', id: result.payment.id, operation: 'Create', at: now });
    for (const changed of result.invoices) announce(state, { realmId: realm, entity: 'Invoice', id: changed.id, operation: 'Update', at: now });
    return c.redirect(`/qbo/app/invoice?txnId=${encodeURIComponent(invoice.id)}&realmId=${encodeURIComponent(realm)}&paid=1`, 303);
  });
}

function invoicePage(company: QboCompanyData, invoice: QboInvoiceRecord, paid: boolean, error?: string): string {
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: invoice.currency });
  const customer = company.customer(invoice.customerId);
  const balance = (invoice.balanceCents / 100).toFixed(2);
  const form =
    invoice.balanceCents > 0 && !invoice.voided
      ? `<form method="post" action="/qbo/app/invoice/payment" data-testid="qbo-receive-payment">
<input type="hidden" name="txnId" value="${e(invoice.id)}"><input type="hidden" name="realmId" value="${e(company.profile.realmId)}">
<label>Amount received <input name="amount" data-testid="qbo-payment-amount" value="${e(balance)}" inputmode="decimal"></label>
<button type="submit" data-testid="qbo-record-payment">Receive payment</button></form>`
      : '<p>Paid in full.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${e(invoice.docNumber)} — QuickBooks (sandbox)</title></head>
<body>
<p>${e(company.profile.name)}</p>
<h1>Invoice <span data-testid="qbo-invoice-number">${e(invoice.docNumber)}</span></h1>
<p>Customer: <a href="/qbo/app/customerdetail?nameId=${encodeURIComponent(invoice.customerId)}&realmId=${encodeURIComponent(company.profile.realmId)}">${e(customer?.displayName ?? '')}</a></p>
<p>Date ${e(invoice.txnDate)} · due ${e(invoice.dueDate)}</p>
<p>Total ${e(money.format(invoice.totalCents / 100))} · balance due <span data-testid="qbo-invoice-balance">${e(money.format(invoice.balanceCents / 100))}</span></p>
${paid ? '<p role="status" data-testid="qbo-payment-recorded">Payment recorded.</p>' : ''}
${error ? `<p role="alert">${e(error)}</p>` : ''}
${form}
</body></html>`;
}
