import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createClock } from '../../../proxy-server/sandbox/emulator.js';
import { createQboThrottle } from '../../../proxy-server/sandbox/qbo/throttle.js';

const app = (limits: { perMinute: number; concurrent: number }, gate?: Promise<void>) => {
  const clock = createClock();
  const routes = new Hono();
  routes.use('/v3/company/:realmId/*', createQboThrottle(clock, () => limits));
  routes.get('/v3/company/:realmId/query', async (c) => {
    await gate;
    return c.text('ok');
  });
  return { routes, clock };
};

describe('QBO throttle', () => {
  it('answers 429 ThrottleExceeded past the per-minute limit, per realm, until the minute passes', async () => {
    const { routes, clock } = app({ perMinute: 3, concurrent: 10 });
    const get = (realm: string) => routes.request(`/v3/company/${realm}/query`);
    for (let i = 0; i < 3; i += 1) expect((await get('a')).status).toBe(200);
    const limited = await get('a');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ Fault: { type: 'SERVICE', Error: [{ code: '3001' }] } });
    expect((await get('b')).status).toBe(200);
    clock.advance(61);
    expect((await get('a')).status).toBe(200);
  });

  it('answers 403 ThrottleExceeded past the concurrency limit', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const { routes } = app({ perMinute: 500, concurrent: 2 }, gate);
    const held = [routes.request('/v3/company/a/query'), routes.request('/v3/company/a/query')];
    await new Promise((resolve) => setTimeout(resolve, 10));
    const third = await routes.request('/v3/company/a/query');
    expect(third.status).toBe(403);
    open();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    expect((await routes.request('/v3/company/a/query')).status).toBe(200);
  });
});
