import { Hono } from 'hono';
import { SeatIdParamsSchema, type SeatListItem } from '../../lib/proxy-api';
import { HttpError } from '../errors';
import type { AppDeps, AppEnv } from '../http/app-env';
import { paramsOf } from '../http/validate';

function ownerOnly(role: string, what: string): void {
  if (role !== 'owner') throw new HttpError(403, 'forbidden', `Only the workspace owner can ${what}.`);
}

/**
 * Seat management, owner only (issue 4 §1): POST /pairing-codes, GET /seats, DELETE /seats/:id. A member may revoke
 * its own seat (unpairing an install) but no one else's; the owner cannot revoke itself, which would leave the
 * workspace with nobody able to issue codes.
 */
export function seatsRoutes(deps: AppDeps) {
  const { store } = deps;
  return new Hono<AppEnv>()
    .post('/pairing-codes', async (c) => {
      const seat = c.get('seat');
      ownerOnly(seat.role, 'invite other installs');
      return c.json(await store.pairingCodes.issue(seat.workspaceId, deps.clock.now()), 201);
    })
    .get('/seats', async (c) => {
      const seat = c.get('seat');
      ownerOnly(seat.role, 'list the seats');
      const seats: SeatListItem[] = (await store.seats.list(seat.workspaceId)).map((s) => ({ ...s, current: s.id === seat.id }));
      return c.json({ seats });
    })
    .delete('/seats/:id', async (c) => {
      const { id } = paramsOf(c, SeatIdParamsSchema);
      const seat = c.get('seat');
      if (id !== seat.id) ownerOnly(seat.role, "revoke another install's seat");
      else if (seat.role === 'owner') {
        throw new HttpError(409, 'conflict', 'The owner seat cannot revoke itself; the workspace would have no owner.');
      }
      const target = await store.seats.get(seat.workspaceId, id);
      if (!target || target.revokedAt !== null) throw new HttpError(404, 'not_found', 'No such seat.');
      await store.seats.revoke(id, deps.clock.now());
      await deps.events?.publish({ type: 'seat_revoked', workspaceId: seat.workspaceId, seatId: id });
      return c.body(null, 204);
    });
}
