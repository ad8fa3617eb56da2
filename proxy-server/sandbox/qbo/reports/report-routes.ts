import type { Hono } from 'hono';
import type { QboApiEnv } from '../api-routes.js';
import { validationFault } from '../fault-json.js';
import { formatQboDate } from '../qbo-time.js';
import { qboJson } from '../respond.js';
import type { QboState } from '../state.js';
import { agedReceivableDetail } from './aged-receivable-detail.js';
import { agedReceivables } from './aged-receivables.js';
import { customerBalance } from './customer-balance.js';

/**
 * `GET /reports/{AgedReceivables|AgedReceivableDetail|CustomerBalance}` with `customer` (comma-separated ids),
 * `report_date` (default today), `aging_period` (default 30) and `num_periods` (default 4) — api-facts.md
 * "Entities and reports for this product". Reports are not wrapped in an envelope and carry no `time` key.
 */
export function addQboReportRoutes(state: QboState, routes: Hono<QboApiEnv>): void {
  routes.get('/reports/:name', (c) => {
    const now = state.clock.now();
    const name = c.req.param('name');
    const invalid = (detail: string, element: string) => qboJson(c, validationFault(now, { Message: 'Invalid Request', Detail: detail, code: '2030', element }), 400);
    const reportDate = c.req.query('report_date') ?? c.req.query('end_date') ?? formatQboDate(now);
    if (!/^\d{4}-\d\d-\d\d$/.test(reportDate)) return invalid('report_date must be YYYY-MM-DD', 'report_date');
    const agingPeriod = Number(c.req.query('aging_period') ?? 30);
    const numPeriods = Number(c.req.query('num_periods') ?? 4);
    if (!Number.isInteger(agingPeriod) || agingPeriod < 1 || !Number.isInteger(numPeriods) || numPeriods < 1 || numPeriods > 12) {
      return invalid('aging_period and num_periods must be positive integers (num_periods at most 12)', 'aging_period');
    }
    const customerParam = c.req.query('customer');
    const customerIds = customerParam === undefined ? undefined : new Set(customerParam.split(',').map((id) => id.trim()));
    const options = { reportDate, agingPeriod, numPeriods, ...(customerIds === undefined ? {} : { customerIds }) };
    const company = c.var.company;
    switch (name) {
      case 'AgedReceivables':
        return qboJson(c, agedReceivables(company, options, now, customerParam));
      case 'AgedReceivableDetail':
        return qboJson(c, agedReceivableDetail(company, options, now, customerParam));
      case 'CustomerBalance':
        return qboJson(c, customerBalance(company, reportDate, now, customerIds, customerParam));
      default:
        return invalid(`The sandbox does not serve report ${name}`, 'report');
    }
  });
}
