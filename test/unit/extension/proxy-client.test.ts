import { describe, expect, it } from 'vitest';
import { createProxyClient, ProxyError } from '../../../lib/proxy-client';
import { connection, createFakeProxy, customer, upsert } from './support/fake-proxy';

const BASE = 'http://127.0.0.1:4000';

async function caught(promise: Promise<unknown>): Promise<ProxyError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProxyError) return error;
    throw error;
  }
  throw new Error('expected a ProxyError');
}

describe('proxy client', () => {
  it('pairs without a token and sends the seat token on every later call', async () => {
    const proxy = createFakeProxy({ connections: [connection()] });
    const anonymous = createProxyClient({ baseUrl: BASE, fetch: proxy.fetch });
    const { token, seat } = await anonymous.pair({ code: 'PAIR-1234', name: 'Chrome on Linux' });
    expect(seat.name).toBe('Chrome on Linux');

    const client = createProxyClient({ baseUrl: `${BASE}/`, token, fetch: proxy.fetch });
    expect((await client.connections()).connections.map((c) => c.companyName)).toEqual(['Sandbox Company US']);
    expect((await client.me()).seat.id).toBe('seat-1');
    expect(proxy.log).toEqual(['POST /v1/pair', 'GET /v1/connections', 'GET /v1/me']);
  });

  it('passes the feed cursor and limit, and parses items', async () => {
    const proxy = createFakeProxy({ feed: [upsert(customer({ id: '1' })), upsert(customer({ id: '2' }))] });
    const client = createProxyClient({ baseUrl: BASE, token: proxy.token, fetch: proxy.fetch });
    const page = await client.feed({ cursor: '1', limit: 50 });
    expect(page).toMatchObject({ cursor: '2', hasMore: false });
    expect(page.items.map((i) => i.key)).toEqual(['qbo:realm-1:2']);
    expect(proxy.log).toEqual(['GET /v1/feed?cursor=1&limit=50']);
  });

  it('maps the proxy error shape to code, message and status', async () => {
    const proxy = createFakeProxy();
    const error = await caught(createProxyClient({ baseUrl: BASE, fetch: proxy.fetch }).pair({ code: 'NOPE-0000', name: 'x' }));
    expect(error).toMatchObject({ code: 'invalid_pairing_code', status: 400, message: 'Unknown or used pairing code.' });

    const unauthorized = await caught(createProxyClient({ baseUrl: BASE, token: 'wrong', fetch: proxy.fetch }).me());
    expect(unauthorized).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it("reports 'unreachable' when the connection fails or times out", async () => {
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    const error = await caught(createProxyClient({ baseUrl: BASE, token: 't', fetch: refused }).connections());
    expect(error).toMatchObject({ code: 'unreachable', status: 0 });

    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const slow = await caught(createProxyClient({ baseUrl: BASE, token: 't', fetch: hanging, timeoutMs: 30 }).connections());
    expect(slow.code).toBe('unreachable');
  });

  it('rejects a response that does not follow the contract', async () => {
    const wrong: typeof fetch = async () =>
      new Response(JSON.stringify({ connections: [{ id: 1 }] }), { headers: { 'content-type': 'application/json' } });
    const error = await caught(createProxyClient({ baseUrl: BASE, token: 't', fetch: wrong }).connections());
    expect(error).toMatchObject({ code: 'bad_response', status: 200 });
  });

  it('disconnects with DELETE and asks for a sync with POST', async () => {
    const proxy = createFakeProxy({ connections: [connection()] });
    const client = createProxyClient({ baseUrl: BASE, token: proxy.token, fetch: proxy.fetch });
    expect((await client.sync('conn-1')).connection.status).toBe('syncing');
    await client.disconnect('conn-1');
    expect(proxy.connections).toEqual([]);
    expect(proxy.log).toEqual(['POST /v1/connections/conn-1/sync', 'DELETE /v1/connections/conn-1']);
    expect((await caught(client.disconnect('conn-1'))).status).toBe(404);
  });
});
