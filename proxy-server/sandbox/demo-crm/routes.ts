import { Hono } from 'hono';
import type { DemoContact } from './demo-contact.js';
import { DEMO_PORTAL, indexPage, recordPage } from './pages.js';

/**
 * `/demo-crm/*`: a tiny CRM whose contacts are the sandbox's customers, so `npm start` shows a balance on a CRM page
 * to someone who owns no CRM. The pages reproduce HubSpot's DOM and the extension's HubSpot adapter matches them on
 * loopback. `contacts` is read on every request so a sandbox reset shows at once.
 */
export function createDemoCrmRoutes(contacts: () => readonly DemoContact[]): Hono {
  const app = new Hono();
  app.get('/', (c) => c.html(indexPage(contacts())));
  app.get(`/contacts/${DEMO_PORTAL}/record/0-1/:id`, (c) => {
    const contact = contacts().find((candidate) => candidate.id === c.req.param('id'));
    return contact ? c.html(recordPage(contact)) : c.html('<!doctype html><p>No such contact in the demo CRM.</p>', 404);
  });
  return app;
}
