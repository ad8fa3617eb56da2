import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type AddressInfo } from 'node:net';
import { createClock, type SandboxClock } from '../../../proxy-server/sandbox/emulator';
import { createXeroEmulator, type XeroEmulator, type XeroEmulatorOptions } from '../../../proxy-server/sandbox/xero';

export interface XeroHarness {
  url: string;
  emulator: XeroEmulator;
  clock: SandboxClock;
  endpoints: Record<string, string>;
  close(): Promise<void>;
}

/** The Xero emulator mounted at /xero on a loopback listener (port 0), as the sandbox server mounts it. */
export async function startXeroHarness(options: Partial<XeroEmulatorOptions> = {}): Promise<XeroHarness> {
  const clock = options.clock ?? createClock();
  const emulator = createXeroEmulator({ ...options, clock });
  const app = new Hono();
  app.route('/xero', emulator.routes);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    emulator,
    clock,
    endpoints: emulator.endpoints(url),
    close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

export const BASIC_AUTH = `Basic ${Buffer.from('sandbox-xero-client:sandbox-xero-secret').toString('base64')}`;
export const REDIRECT_URI = 'http://127.0.0.1:9/callback';

/** Direct API access for a tenant (what POST /__sandbox/token gives). */
export function apiHeaders(harness: XeroHarness, tenantId: string, extra: Record<string, string> = {}): Record<string, string> {
  const { access_token } = harness.emulator.issueToken(tenantId);
  return { Authorization: `Bearer ${access_token}`, 'xero-tenant-id': tenantId, Accept: 'application/json', ...extra };
}

export function firstTenant(harness: XeroHarness): string {
  const id = harness.emulator.companies()[0]?.id;
  if (!id) throw new Error('no tenants');
  return id;
}

/** Runs the consent flow through the HTML form for the given tenants and returns the authorization code. */
export async function consent(
  harness: XeroHarness,
  tenantIds: string[],
  scope = 'openid profile email offline_access accounting.contacts accounting.transactions accounting.settings',
  state = 'state-123',
): Promise<{ code: string; location: URL }> {
  const form = new URLSearchParams({
    client_id: 'sandbox-xero-client',
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope,
    state,
    decision: 'allow',
  });
  for (const id of tenantIds) form.append('company', id);
  const response = await fetch(harness.endpoints['authorizeUrl'] ?? '', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  if (response.status !== 302) throw new Error(`consent failed: ${response.status} ${await response.text()}`);
  const location = new URL(response.headers.get('location') ?? '');
  return { code: location.searchParams.get('code') ?? '', location };
}

export async function tokenRequest(harness: XeroHarness, body: Record<string, string>, authorization = BASIC_AUTH) {
  const response = await fetch(harness.endpoints['tokenUrl'] ?? '', {
    method: 'POST',
    headers: { Authorization: authorization, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(body).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
