import { startSandbox, type RunningSandbox } from '../../../proxy-server/sandbox/server.js';

export interface QboEndpoints {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  userinfoUrl: string;
  apiBaseUrl: string;
  appBaseUrl: string;
}

export const SANDBOX_CLIENT = { id: 'sandbox-qbo-client', secret: 'sandbox-qbo-secret' };
export const basicAuth = (id = SANDBOX_CLIENT.id, secret = SANDBOX_CLIENT.secret): string =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** A started sandbox plus the small client calls every sandbox integration test needs. */
export async function openSandbox(options: Parameters<typeof startSandbox>[0] = {}) {
  const sandbox: RunningSandbox = await startSandbox(options);
  const endpoints = (await (await fetch(`${sandbox.url}/__sandbox/endpoints`)).json()) as { qbo: QboEndpoints };
  const control = async (path: string, body?: unknown): Promise<Response> =>
    fetch(`${sandbox.url}/__sandbox/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  // This client drives the QBO emulator: its companies are the QBO realms (Xero tenants are listed too).
  const companies = ((await (await control('companies')).json()) as { provider: string; id: string; name: string; currency: string }[]).filter(
    (company) => company.provider === 'qbo',
  );
  const tokenFor = async (companyId: string): Promise<string> => {
    const response = await control('token', { provider: 'qbo', companyId });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const qboGet = (realmId: string, path: string, token: string): Promise<Response> =>
    fetch(`${endpoints.qbo.apiBaseUrl}/v3/company/${realmId}/${path}`, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
  const query = (realmId: string, statement: string, token: string): Promise<Response> =>
    qboGet(realmId, `query?query=${encodeURIComponent(statement)}&minorversion=75`, token);
  return { sandbox, endpoints, control, companies, tokenFor, qboGet, query };
}

export type OpenSandbox = Awaited<ReturnType<typeof openSandbox>>;
