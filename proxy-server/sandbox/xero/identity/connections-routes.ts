import { Hono, type Context } from 'hono';
import { connectionDateString } from '../support/ms-date';
import { type Connection, connectionsOf, type IdentityState } from './identity-state';
import { type TokenIssuer } from './token-issuer';
import { unauthorisedResponse } from '../api/problem';

export interface ConnectionsRoutesDeps {
  state: IdentityState;
  issuer: TokenIssuer;
  tenantName: (tenantId: string) => string | undefined;
}

/**
 * api.xero.com/connections (xero-identity.yaml): the organisations this user has connected to this app, with
 * `?authEventId=` to pick those from one consent; DELETE /connections/{id} disconnects one (204). Keys and order as in
 * recorded/test_get_connections.yaml plus authEventId and tenantName from the spec.
 */
export function createConnectionsRoutes(deps: ConnectionsRoutesDeps): Hono {
  const routes = new Hono();

  function caller(c: Context) {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    if (!token) return undefined;
    const verified = deps.issuer.verifyAccessToken(token);
    return 'grant' in verified ? verified.grant : undefined;
  }

  function wire(connection: Connection) {
    return {
      id: connection.id,
      authEventId: connection.authEventId,
      tenantId: connection.tenantId,
      tenantType: 'ORGANISATION',
      tenantName: deps.tenantName(connection.tenantId) ?? '',
      createdDateUtc: connectionDateString(connection.createdAt),
      updatedDateUtc: connectionDateString(connection.updatedAt),
    };
  }

  for (const path of ['/connections', '/Connections']) {
    routes.get(path, (c) => {
      const grant = caller(c);
      if (!grant) return unauthorisedResponse(c);
      const authEventId = c.req.query('authEventId');
      const connections = connectionsOf(deps.state, grant)
        .filter((connection) => deps.tenantName(connection.tenantId) !== undefined)
        .filter((connection) => authEventId === undefined || connection.authEventId === authEventId);
      return c.json(connections.map(wire));
    });
    routes.delete(`${path}/:id`, (c) => {
      const grant = caller(c);
      if (!grant) return unauthorisedResponse(c);
      const id = c.req.param('id');
      const mine = connectionsOf(deps.state, grant).find((connection) => connection.id === id);
      if (!mine) return c.body(null, 404);
      deps.state.connections = deps.state.connections.filter((connection) => connection !== mine);
      return c.body(null, 204);
    });
  }
  return routes;
}
