/** Reads the sandbox's own truth through its control API and the provider API, as a third party would. */
export interface SandboxCompanyInfo {
  provider: 'qbo' | 'xero';
  id: string;
  name: string;
  currency: string;
}

export interface QboCustomerJson {
  Id: string;
  DisplayName: string;
  Active?: boolean;
  Balance?: number;
  CurrencyRef?: { value: string };
  PrimaryEmailAddr?: { Address?: string };
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function sandboxCompanies(sandboxUrl: string): Promise<SandboxCompanyInfo[]> {
  return json(await fetch(`${sandboxUrl}/__sandbox/companies`));
}

/** Every customer of a QBO company, paged the way a client must page QBO (STARTPOSITION / MAXRESULTS). */
export async function qboCustomers(sandboxUrl: string, realmId: string): Promise<QboCustomerJson[]> {
  const endpoints = await json<{ qbo: { apiBaseUrl: string } }>(await fetch(`${sandboxUrl}/__sandbox/endpoints`));
  const { access_token } = await json<{ access_token: string }>(
    await fetch(`${sandboxUrl}/__sandbox/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'qbo', companyId: realmId }),
    }),
  );
  const all: QboCustomerJson[] = [];
  for (let start = 1; ; start += 1000) {
    const query = `SELECT * FROM Customer STARTPOSITION ${start} MAXRESULTS 1000`;
    const url = `${endpoints.qbo.apiBaseUrl}/v3/company/${realmId}/query?query=${encodeURIComponent(query)}&minorversion=75`;
    const page = await json<{ QueryResponse: { Customer?: QboCustomerJson[] } }>(
      await fetch(url, { headers: { authorization: `Bearer ${access_token}`, accept: 'application/json' } }),
    );
    const customers = page.QueryResponse.Customer ?? [];
    all.push(...customers);
    if (customers.length < 1000) return all;
  }
}

export function emailsOf(customer: QboCustomerJson): string[] {
  return (customer.PrimaryEmailAddr?.Address ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);
}

async function qboApi(sandboxUrl: string, realmId: string): Promise<{ base: string; token: string }> {
  const endpoints = await json<{ qbo: { apiBaseUrl: string } }>(await fetch(`${sandboxUrl}/__sandbox/endpoints`));
  const { access_token } = await json<{ access_token: string }>(
    await fetch(`${sandboxUrl}/__sandbox/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'qbo', companyId: realmId }),
    }),
  );
  return { base: `${endpoints.qbo.apiBaseUrl}/v3/company/${realmId}`, token: access_token };
}

/** Every row of a QBO entity (optionally `WHERE …`), through the sandbox's own QBO query API. */
export async function qboQuery<T = Record<string, unknown>>(sandboxUrl: string, realmId: string, entity: string, where = ''): Promise<T[]> {
  const { base, token } = await qboApi(sandboxUrl, realmId);
  const all: T[] = [];
  for (let start = 1; ; start += 1000) {
    const query = `SELECT * FROM ${entity}${where ? ` WHERE ${where}` : ''} STARTPOSITION ${start} MAXRESULTS 1000`;
    const page = await json<{ QueryResponse: Record<string, T[] | undefined> }>(
      await fetch(`${base}/query?query=${encodeURIComponent(query)}&minorversion=75`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      }),
    );
    const rows = page.QueryResponse[entity] ?? [];
    all.push(...rows);
    if (rows.length < 1000) return all;
  }
}

/** One write through the sandbox's QBO API (`POST {base}/{entity}`), as a third-party app would; throws on a fault. */
export async function qboWrite<T = Record<string, unknown>>(sandboxUrl: string, realmId: string, entity: string, body: unknown): Promise<T> {
  const { base, token } = await qboApi(sandboxUrl, realmId);
  const answer = await json<Record<string, unknown>>(
    await fetch(`${base}/${entity}?minorversion=75`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  const key = Object.keys(answer).find((k) => k !== 'time');
  return answer[key ?? ''] as T;
}

/** One write through the sandbox's Xero API (`POST {apiBaseUrl}/{collection}`, apiBaseUrl ending in /api.xro/2.0); the first element back. */
export async function xeroWrite<T = Record<string, unknown>>(sandboxUrl: string, tenantId: string, collection: string, element: unknown): Promise<T> {
  const endpoints = await json<{ xero: { apiBaseUrl: string } }>(await fetch(`${sandboxUrl}/__sandbox/endpoints`));
  const { access_token } = await json<{ access_token: string }>(
    await fetch(`${sandboxUrl}/__sandbox/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider: 'xero', companyId: tenantId }),
    }),
  );
  const answer = await json<Record<string, unknown[]>>(
    await fetch(`${endpoints.xero.apiBaseUrl}/${collection}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'xero-tenant-id': tenantId, accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ [collection]: [element] }),
    }),
  );
  return answer[collection]![0] as T;
}
