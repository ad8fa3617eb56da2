import type { Hono } from 'hono';
import type { QboApiEnv } from './api-routes.js';
import { QBO_ENTITY_DEFS } from './entities/registry.js';
import { faultJson, objectNotFound } from './fault-json.js';
import { entityEnvelope, qboJson } from './respond.js';
import { announce, type QboState } from './state.js';
import type { Idempotent, ParseBody } from './write-helpers.js';

/**
 * `GET /{entity}/{id}` and `POST /{entity}` (create, or update when the body has Id + SyncToken; `sparse: true`
 * keeps fields the body leaves out) for every entity in the registry. Writes are announced to webhooks, and rows a
 * write changed on the side (a credit memo's customer) are announced as updates.
 */
export function addQboEntityRoutes(state: QboState, routes: Hono<QboApiEnv>, idempotent: Idempotent, parse: ParseBody): void {
  for (const def of QBO_ENTITY_DEFS) {
    routes.get(`/${def.path}/:id`, (c) => {
      const id = c.req.param('id');
      const row = def.byId?.(c.var.company, id);
      const now = state.clock.now();
      if (row === undefined) return qboJson(c, objectNotFound(now, def.name, id), 400);
      return qboJson(c, entityEnvelope(def.name, def.toJson(c.var.company, row), now));
    });
    const { write, body: schema } = def;
    if (write === undefined || schema === undefined) continue;
    routes.post(`/${def.path}`, (c) =>
      idempotent(c, async () => {
        const body = await parse(c, schema);
        if (!body.ok) return body.outcome;
        const now = state.clock.now();
        const company = c.var.company;
        const result = write(company, body.value, now);
        if (!result.ok) return { status: 400, body: faultJson(now, 'ValidationFault', [result.error]) };
        const realmId = company.profile.realmId;
        announce(state, { realmId, entity: def.name, id: result.id, operation: result.operation, at: now });
        for (const touched of result.touched ?? []) announce(state, { realmId, entity: touched.entity, id: touched.id, operation: 'Update', at: now });
        return { status: 200, body: entityEnvelope(def.name, result.json, now) };
      }),
    );
  }
}
