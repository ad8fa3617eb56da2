import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError, type ProviderClient, type ProviderTokens } from '../../../proxy-server/providers/provider-client';
import { createTokenService } from '../../../proxy-server/providers/token-refresh';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb, type Store } from '../../../proxy-server/store';
import { selectionPage } from '../../../proxy-server/http/html';

/**
 * Tokens are kept per GRANT (migration 5): two Xero organisations of one consent share a rotating refresh token, so
 * they must refresh it once between them, and a dead grant marks every one of them.
 */
let store: Store;
let workspaceId: string;
let seatId: string;
let now = Date.parse('2026-03-01T00:00:00Z');
const clock = { now: () => now };

const tokens = (n: number, expiresIn = 1800_000): ProviderTokens => ({ accessToken: `a${n}`, refreshToken: `r${n}`, accessExpiresAt: now + expiresIn, refreshExpiresAt: null });

beforeAll(async () => {
  store = createStore(await openDb({ kind: 'pglite' }), createVault(randomBytes(32)));
  workspaceId = (await store.workspaces.ensureDefault(now)).id;
  seatId = (await store.seats.create({ workspaceId, name: 'Owner', tokenHash: 'h'.repeat(64), now })).id;
});
afterAll(async () => store?.close());

async function twoTenants(grantTokens: ProviderTokens) {
  const first = await store.connections.upsertWithTokens({ workspaceId, provider: 'xero', companyId: `t-${now}-1`, companyName: 'One', currency: 'NZD', seatId, tokens: grantTokens, now });
  const second = await store.connections.upsertWithTokens({
    workspaceId, provider: 'xero', companyId: `t-${now}-2`, companyName: 'Two', currency: 'NZD', seatId, tokens: grantTokens, now, grantId: first.grantId, shortCode: '!abc',
  });
  return [first, second] as const;
}

describe('token vault keyed by grant', () => {
  it('two organisations of one consent, both expired, 20 concurrent callers → ONE refresh, both get the new token', async () => {
    const [first, second] = await twoTenants(tokens(1, 60_000));
    expect(second.grantId).toBe(first.grantId);
    expect(second.shortCode).toBe('!abc');
    let refreshes = 0;
    const xero = {
      provider: 'xero',
      refresh: async (t: ProviderTokens) => {
        refreshes += 1;
        await new Promise((r) => setTimeout(r, 20));
        return { ...tokens(Number(t.accessToken.slice(1)) + 1) };
      },
    } as unknown as ProviderClient;
    const service = createTokenService({ store, providers: { xero }, clock });
    const got = await Promise.all(Array.from({ length: 20 }, (_, i) => service.accessToken(i % 2 ? first.id : second.id)));
    expect(refreshes).toBe(1);
    expect(new Set(got)).toEqual(new Set(['a2']));
    expect((await store.connections.getTokens(first.id))?.tokens.refreshToken).toBe('r2');
    expect((await store.connections.getTokens(second.id))?.tokens.refreshToken).toBe('r2');
  });

  it('a dead grant marks every organisation on it reconnect_required; deleting one keeps the grant for the other', async () => {
    now += 10_000;
    const [first, second] = await twoTenants(tokens(7, 1000));
    const xero = { provider: 'xero', refresh: async () => { throw new ProviderError('invalid_grant', 'dead'); } } as unknown as ProviderClient;
    const marked: string[] = [];
    const service = createTokenService({ store, providers: { xero }, clock, onGrantDead: async (id) => void marked.push(id) });
    await expect(service.accessToken(first.id)).rejects.toMatchObject({ kind: 'invalid_grant' });
    expect(marked.sort()).toEqual([first.id, second.id].sort());

    await store.connections.deleteWithTombstones(first.id, now);
    expect(await store.connections.getTokens(second.id)).not.toBeNull();
    await store.connections.deleteWithTombstones(second.id, now);
    expect(await store.connections.getGrantTokens(first.grantId)).toBeNull();
  });

  it('the organisation picker escapes names and ids and posts the single-use token back to the proxy', () => {
    const html = selectionPage('Xero', [{ id: 'a"b', name: '<script>alert(1)</script> & Co' }], 'tok"en');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co');
    expect(html).toContain('value="a&#34;b"');
    expect(html).toContain('name="selection" value="tok&#34;en"');
    expect(html).toContain('action="select"');
  });
});
