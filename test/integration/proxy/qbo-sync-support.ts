import { expect } from 'vitest';
import { AuthorizeResponseSchema } from '../../../lib/proxy-api';
import { webhookSignature } from '../../../proxy-server/sandbox/webhook-signature';
import { type Api, connections, consent, waitFor } from './helpers';

/** Direct access to the sandbox's QBO API (the test's source of truth), with a control-API token. */
export class SandboxQbo {
  constructor(
    readonly sandboxUrl: string,
    readonly apiBaseUrl: string,
    readonly realmId: string,
  ) {}

  static async open(sandboxUrl: string): Promise<SandboxQbo> {
    const endpoints = (await (await fetch(`${sandboxUrl}/__sandbox/endpoints`)).json()) as { qbo: { apiBaseUrl: string } };
    const companies = (await (await fetch(`${sandboxUrl}/__sandbox/companies`)).json()) as { provider: string; id: string }[];
    const qbo = companies.find((c) => c.provider === 'qbo');
    if (!qbo) throw new Error('the sandbox has no QBO company');
    return new SandboxQbo(sandboxUrl, endpoints.qbo.apiBaseUrl, qbo.id);
  }

  async control(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.sandboxUrl}/__sandbox/${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.json();
  }

  private async token(): Promise<string> {
    const body = (await this.control('POST', 'token', { provider: 'qbo', companyId: this.realmId })) as { access_token: string };
    return body.access_token;
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
    const response = await fetch(`${this.apiBaseUrl}/v3/company/${this.realmId}/${path}${path.includes('?') ? '&' : '?'}minorversion=75`, {
      method,
      headers: { Authorization: `Bearer ${await this.token()}`, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  }

  /** Every row of an entity, or null when the sandbox does not serve that entity yet. */
  async all(entity: string, where = ''): Promise<Record<string, unknown>[] | null> {
    const rows: Record<string, unknown>[] = [];
    for (let start = 1; ; start += 1000) {
      const query = encodeURIComponent(`SELECT * FROM ${entity}${where} STARTPOSITION ${start} MAXRESULTS 1000`);
      const { status, json } = await this.call('GET', `query?query=${query}`);
      if (status !== 200) return null;
      const page = ((json.QueryResponse as Record<string, unknown>)[entity] ?? []) as Record<string, unknown>[];
      rows.push(...page);
      if (page.length < 1000) return rows;
    }
  }
}

export async function connectQbo(api: Api, realmId: string): Promise<string> {
  const { authorizeUrl } = AuthorizeResponseSchema.parse(await api.json('POST', '/v1/connections/authorize', { provider: 'qbo' }));
  const callback = await consent(authorizeUrl, { company: realmId });
  const landing = await fetch(callback);
  expect(landing.status, await landing.text()).toBe(200);
  const connected = await waitFor(
    'the initial sync',
    async () => {
      const connection = (await connections(api)).find((c) => c.companyId === realmId);
      return connection?.status === 'connected' ? connection : undefined;
    },
    60_000,
  );
  return connected.id;
}

/** POSTs a webhook body signed like Intuit does (or with a given signature). */
export async function postQboWebhook(proxyUrl: string, body: unknown, key: string, signature?: string): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return fetch(`${proxyUrl}/webhooks/qbo`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'intuit-signature': signature ?? webhookSignature(raw, key) },
    body: raw,
  });
}

/** Listens to GET /v1/events (SSE) and collects the event names. */
export function listenEvents(url: string, token: string) {
  const names: string[] = [];
  const controller = new AbortController();
  void (async () => {
    try {
      const response = await fetch(`${url}/v1/events`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal });
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) return;
        for (const match of decoder.decode(chunk.value).matchAll(/^event: (\S+)/gm)) names.push(match[1] as string);
      }
    } catch {
      /* aborted */
    }
  })();
  return { names, close: () => controller.abort() };
}
