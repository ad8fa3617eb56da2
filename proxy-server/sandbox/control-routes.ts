import { Hono } from 'hono';
import { z } from 'zod';
import { controlError, parseJsonBody } from './control-errors.js';
import type { ProviderEmulator, SandboxClock } from './emulator.js';
import { FAULT_KINDS, type FaultInjector } from './fault-injector.js';

export interface ControlDeps {
  emulators: readonly ProviderEmulator[];
  clock: SandboxClock;
  /** The seed used when a reset names none (the one the sandbox started with). */
  defaultSeed: number;
  faults: FaultInjector;
}

const providerSchema = z.enum(['qbo', 'xero']);
const tokenBody = z.object({ provider: providerSchema, companyId: z.string().min(1) });
const resetBody = z.object({
  seed: z.number().int().optional(),
  customers: z.number().int().min(1).max(1_000_000).optional(),
  invoices: z.number().int().min(0).max(5_000_000).optional(),
  provider: providerSchema.optional(),
  companyId: z.string().min(1).optional(),
});
const clockBody = z.object({ advanceSeconds: z.number().finite() });
const faultBody = z.object({
  provider: providerSchema,
  route: z.string().min(1).optional(),
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).max(10_000).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
});
const webhookBody = z.object({
  provider: providerSchema,
  url: z.url(),
  key: z.string().min(1),
  format: z.enum(['legacy', 'cloudevents']).optional(),
});

/** The sandbox control API at fixed paths (DESIGN.md "Interfaces other tests rely on"). */
export function createControlRoutes(deps: ControlDeps): Hono {
  const routes = new Hono();
  const emulatorFor = (provider: string) => deps.emulators.find((emulator) => emulator.provider === provider);

  routes.get('/endpoints', (c) => {
    const baseUrl = new URL(c.req.url).origin;
    return c.json(Object.fromEntries(deps.emulators.map((emulator) => [emulator.provider, emulator.endpoints(baseUrl)])));
  });

  routes.get('/companies', (c) => c.json(deps.emulators.flatMap((emulator) => emulator.companies())));

  routes.post('/token', async (c) => {
    const body = await parseJsonBody(c, tokenBody);
    if (!body.ok) return body.response;
    const emulator = emulatorFor(body.value.provider);
    if (emulator === undefined) return controlError(c, 404, 'unknown_provider', `No ${body.value.provider} emulator is running.`);
    if (!emulator.companies().some((company) => company.id === body.value.companyId)) {
      return controlError(c, 404, 'unknown_company', `No ${body.value.provider} company ${body.value.companyId}.`);
    }
    return c.json(emulator.issueToken(body.value.companyId));
  });

  routes.post('/reset', async (c) => {
    const body = await parseJsonBody(c, resetBody);
    if (!body.ok) return body.response;
    const { seed = deps.defaultSeed, customers, invoices, provider, companyId } = body.value;
    deps.faults.clear();
    const started = performance.now();
    for (const emulator of deps.emulators) {
      emulator.releaseHeldWebhooks?.();
      // Sizes apply to the named provider only (ResetOptions.provider); the rest reseed at their defaults.
      const sized = provider === undefined || provider === emulator.provider;
      emulator.reset({
        seed,
        ...(sized && customers !== undefined ? { customers } : {}),
        ...(sized && invoices !== undefined ? { invoices } : {}),
        ...(sized && companyId !== undefined ? { companyId } : {}),
      });
    }
    const seconds = Math.round(performance.now() - started) / 1000;
    return c.json({ seed, seconds, companies: deps.emulators.flatMap((emulator) => emulator.companies()) });
  });

  routes.get('/clock', (c) => c.json({ now: new Date(deps.clock.now()).toISOString() }));

  routes.post('/clock', async (c) => {
    const body = await parseJsonBody(c, clockBody);
    if (!body.ok) return body.response;
    deps.clock.advance(body.value.advanceSeconds);
    return c.json({ now: new Date(deps.clock.now()).toISOString() });
  });

  routes.post('/faults', async (c) => {
    const body = await parseJsonBody(c, faultBody);
    if (!body.ok) return body.response;
    if (emulatorFor(body.value.provider) === undefined) return controlError(c, 404, 'unknown_provider', `No ${body.value.provider} emulator is running.`);
    const { provider, kind, route, count, delayMs } = body.value;
    deps.faults.add({ provider, kind, ...(route === undefined ? {} : { route }), ...(count === undefined ? {} : { count }), ...(delayMs === undefined ? {} : { delayMs }) });
    return c.json({ faults: deps.faults.list() });
  });

  routes.delete('/faults', (c) => {
    deps.faults.clear();
    for (const emulator of deps.emulators) emulator.releaseHeldWebhooks?.();
    return c.json({ faults: [] });
  });

  routes.post('/webhooks', async (c) => {
    const body = await parseJsonBody(c, webhookBody);
    if (!body.ok) return body.response;
    const emulator = emulatorFor(body.value.provider);
    if (emulator?.subscribeWebhook === undefined) return controlError(c, 404, 'unknown_provider', `No ${body.value.provider} emulator with webhooks is running.`);
    const { url, key, format } = body.value;
    // Xero answers once its intent-to-receive handshake with the receiver has run (OK or FAILED).
    const outcome: unknown = await emulator.subscribeWebhook({ url, key, ...(format === undefined ? {} : { format }) });
    const handshake = typeof outcome === 'object' && outcome !== null ? outcome : {};
    return c.json({ subscribed: { provider: body.value.provider, url, format: body.value.provider === 'xero' ? 'xero' : (format ?? 'legacy'), ...handshake } });
  });

  routes.delete('/webhooks', (c) => {
    for (const emulator of deps.emulators) emulator.clearWebhooks?.();
    return c.json({ subscribed: [] });
  });

  return routes;
}
