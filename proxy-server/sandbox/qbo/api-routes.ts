import { Hono } from 'hono';
import { changeDataCapture } from './cdc.js';
import { companyInfoJson, preferencesJson } from './company-info-json.js';
import { customerJson } from './customer-json.js';
import { authenticationFault, objectNotFound, validationFault } from './fault-json.js';
import { invoiceJson, paymentJson } from './invoice-json.js';
import { bearer } from './oauth-routes.js';
import { formatQboResponseTime } from './qbo-time.js';
import { QueryParseError } from './query-parser.js';
import { createQboThrottle } from './throttle.js';
import { executeQuery, QueryValidationError } from './query-executor.js';
import type { QboCompanyData } from './records.js';
import { entityEnvelope, qboJson } from './respond.js';
import { findCompany, type QboState } from './state.js';
import { addQboWriteRoutes } from './write-routes.js';
import { addQboReportRoutes } from './reports/report-routes.js';

type Env = { Variables: { company: QboCompanyData } };

/**
 * The accounting API under `/v3/company/{realmId}` (api-facts.md "Query"). Every call needs a bearer token issued for
 * this realm; failures use the gateway's lower-case 401 envelope and WWW-Authenticate (error__401__0.json).
 */
export function createQboApiRoutes(state: QboState, extend?: (routes: Hono<Env>) => void): Hono<Env> {
  const routes = new Hono<Env>();

  routes.use('*', async (c, next) => {
    const realmId = c.req.param('realmId') ?? '';
    const token = bearer(c.req.header('authorization'));
    const check = state.oauth.checkAccess(token);
    const company = findCompany(state, realmId);
    const failure = !check.ok
      ? { missing: 'Token missing', unknown: 'Token invalid', expired: 'Token expired', revoked: 'Token revoked' }[check.reason]
      : check.grant.realmId !== realmId || company === undefined
        ? 'Token not valid for this company'
        : undefined;
    if (failure !== undefined || company === undefined) {
      c.header('WWW-Authenticate', 'Bearer realm="Intuit", error="invalid_token"');
      return qboJson(c, authenticationFault(state.clock.now(), `${failure ?? 'Token invalid'}: ${(token ?? '').slice(0, 20)}`), 401);
    }
    c.set('company', company);
    await next();
  });

  routes.use('*', createQboThrottle(state.clock, () => state.limits));

  const runQuery = (company: QboCompanyData, statement: string) => {
    const now = state.clock.now();
    try {
      return { status: 200 as const, body: { QueryResponse: executeQuery(company, statement), time: formatQboResponseTime(now) } };
    } catch (error) {
      if (error instanceof QueryParseError) {
        return { status: 400 as const, body: validationFault(now, { Message: 'Error parsing query', Detail: error.detail, code: '4000' }) };
      }
      if (error instanceof QueryValidationError) {
        return { status: 400 as const, body: validationFault(now, { Message: 'Invalid query', Detail: error.detail, code: '4001' }) };
      }
      throw error;
    }
  };

  routes.get('/query', (c) => {
    const result = runQuery(c.var.company, c.req.query('query') ?? '');
    return qboJson(c, result.body, result.status);
  });

  // QBO also accepts the statement as the body of a POST with Content-Type application/text (long IN lists).
  routes.post('/query', async (c) => {
    const result = runQuery(c.var.company, await c.req.text());
    return qboJson(c, result.body, result.status);
  });

  const readById = (entity: string, find: (company: QboCompanyData, id: string) => Record<string, unknown> | undefined) =>
    routes.get(`/${entity.toLowerCase()}/:id`, (c) => {
      const id = c.req.param('id');
      const json = find(c.var.company, id);
      const now = state.clock.now();
      if (json === undefined) return qboJson(c, objectNotFound(now, entity, id), 400);
      return qboJson(c, entityEnvelope(entity, json, now));
    });

  readById('Customer', (company, id) => {
    const customer = company.customer(id);
    return customer === undefined ? undefined : customerJson(company, customer);
  });
  readById('Invoice', (company, id) => {
    const invoice = company.invoice(id);
    return invoice === undefined ? undefined : invoiceJson(company, invoice);
  });
  readById('Payment', (company, id) => {
    const payment = company.payment(id);
    return payment === undefined ? undefined : paymentJson(company, payment);
  });
  readById('CompanyInfo', (company, id) => (id === company.profile.realmId || id === '1' ? companyInfoJson(company) : undefined));

  routes.get('/cdc', (c) => {
    const now = state.clock.now();
    const result = changeDataCapture(c.var.company, c.req.query('entities') ?? '', c.req.query('changedSince') ?? '', now);
    if (!result.ok) return qboJson(c, validationFault(now, result.error), 400);
    return qboJson(c, { ...result.body, time: formatQboResponseTime(now) });
  });

  routes.get('/preferences', (c) => qboJson(c, entityEnvelope('Preferences', preferencesJson(c.var.company), state.clock.now())));

  addQboWriteRoutes(state, routes);
  addQboReportRoutes(state, routes);
  extend?.(routes);
  return routes;
}

export type QboApiEnv = Env;
