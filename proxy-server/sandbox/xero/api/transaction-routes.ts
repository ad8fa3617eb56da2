import { Hono } from 'hono';
import { type ApiEnv } from './api-env';
import { type ApiRouteDeps } from './contacts-routes';
import { createInvoicesRoutes } from './invoices-routes';
import { createPaymentsRoutes } from './payments-routes';
import { createReferenceRoutes } from './reference-routes';
import { createQuoteItemRoutes } from './quote-item-routes';
import { createReportsRoutes } from './reports-routes';

/** Everything under /api.xro/2.0 besides Contacts; each area is its own file. */
export function authenticatedApiRoutes(deps: ApiRouteDeps): Hono<ApiEnv> {
  const routes = new Hono<ApiEnv>();
  routes.route('/', createInvoicesRoutes(deps));
  routes.route('/', createPaymentsRoutes(deps));
  routes.route('/', createReferenceRoutes(deps));
  routes.route('/', createReportsRoutes(deps));
  routes.route('/', createQuoteItemRoutes(deps));
  return routes;
}
