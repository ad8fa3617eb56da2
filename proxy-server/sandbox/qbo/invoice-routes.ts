import type { Hono } from 'hono';
import type { QboApiEnv } from './api-routes.js';
import { faultJson, validationFault } from './fault-json.js';
import { invoiceJson } from './invoice-json.js';
import { idAndToken, invoiceBody, sendInvoice, voidInvoice, writeInvoice } from './invoice-write.js';
import { formatQboResponseTime } from './qbo-time.js';
import { entityEnvelope } from './respond.js';
import { announce, type QboState } from './state.js';
import type { Idempotent, Outcome, ParseBody } from './write-helpers.js';

/**
 * POST /invoice: create or update; `?operation=void` (void__invoice__1.json) and `?operation=delete`
 * (delete__invoice__1.json, which gives CDC its `status: "Deleted"` rows); POST /invoice/{id}/send.
 */
export function addQboInvoiceRoutes(state: QboState, routes: Hono<QboApiEnv>, idempotent: Idempotent, parse: ParseBody): void {
  routes.post('/invoice', (c) =>
    idempotent(c, async (): Promise<Outcome> => {
      const now = state.clock.now();
      const company = c.var.company;
      const realmId = company.profile.realmId;
      const operation = c.req.query('operation');
      if (operation === 'delete') {
        const body = await parse(c, idAndToken);
        if (!body.ok) return body.outcome;
        const invoice = company.invoice(body.value.Id);
        if (invoice === undefined) {
          return { status: 400, body: validationFault(now, { Message: 'Object Not Found', Detail: `Object Not Found : Invoice ${body.value.Id}`, code: '610', element: '' }) };
        }
        if (body.value.SyncToken !== String(invoice.syncToken)) {
          return { status: 400, body: validationFault(now, { Message: 'Stale Object Error', Detail: 'Stale Object Error : You and another user were working on the same thing.', code: '5010', element: '' }) };
        }
        company.deleteInvoice(invoice.id, now);
        announce(state, { realmId, entity: 'Invoice', id: invoice.id, operation: 'Delete', at: now });
        return { status: 200, body: { Invoice: { status: 'Deleted', domain: 'QBO', Id: invoice.id }, time: formatQboResponseTime(now) } };
      }
      if (operation !== undefined && operation !== 'void' && operation !== 'update') {
        return { status: 400, body: validationFault(now, { Message: 'Unsupported Operation', Detail: `Operation ${operation} is not supported.`, code: '500', element: '' }) };
      }
      const result = operation === 'void'
        ? await (async () => {
            const body = await parse(c, idAndToken);
            return body.ok ? voidInvoice(company, body.value, now) : body;
          })()
        : await (async () => {
            const body = await parse(c, invoiceBody);
            return body.ok ? writeInvoice(company, body.value, now) : body;
          })();
      if ('outcome' in result) return result.outcome;
      if (!result.ok) return { status: 400, body: faultJson(now, 'ValidationFault', [result.error]) };
      const op = operation === 'void' ? 'Void' : result.created ? 'Create' : 'Update';
      announce(state, { realmId, entity: 'Invoice', id: result.invoice.id, operation: op, at: now });
      return { status: 200, body: entityEnvelope('Invoice', invoiceJson(company, result.invoice), now) };
    }),
  );

  routes.post('/invoice/:id/send', (c) =>
    idempotent(c, async (): Promise<Outcome> => {
      const now = state.clock.now();
      const company = c.var.company;
      const result = sendInvoice(company, c.req.param('id'), c.req.query('sendTo'), now);
      if (!result.ok) return { status: 400, body: faultJson(now, 'ValidationFault', [result.error]) };
      announce(state, { realmId: company.profile.realmId, entity: 'Invoice', id: result.invoice.id, operation: 'Update', at: now });
      return { status: 200, body: entityEnvelope('Invoice', invoiceJson(company, result.invoice), now) };
    }),
  );
}
