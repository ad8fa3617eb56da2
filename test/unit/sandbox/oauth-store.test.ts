import { describe, expect, it } from 'vitest';
import { createClock } from '../../../proxy-server/sandbox/emulator.js';
import { createQboOAuthStore } from '../../../proxy-server/sandbox/qbo/oauth-store.js';

const app = { clientId: 'client', clientSecret: 'secret' };
const setup = () => {
  const clock = createClock();
  const store = createQboOAuthStore({ clock, app });
  const code = store.issueCode({ clientId: 'client', redirectUri: 'http://localhost/cb', realmId: 'r1', scopes: ['com.intuit.quickbooks.accounting'] });
  return { clock, store, code };
};

describe('QBO OAuth store', () => {
  it('redeems a code once, only with its redirect_uri, within 10 minutes', () => {
    const { store, code, clock } = setup();
    expect(store.redeemCode({ code, clientId: 'client', redirectUri: 'http://localhost/other' })).toBeUndefined();
    const tokens = store.redeemCode({ code, clientId: 'client', redirectUri: 'http://localhost/cb' });
    expect(tokens?.grant.realmId).toBe('r1');
    expect(store.redeemCode({ code, clientId: 'client', redirectUri: 'http://localhost/cb' })).toBeUndefined();
    const late = store.issueCode({ clientId: 'client', redirectUri: 'http://localhost/cb', realmId: 'r1', scopes: [] });
    clock.advance(601);
    expect(store.redeemCode({ code: late, clientId: 'client', redirectUri: 'http://localhost/cb' })).toBeUndefined();
  });

  it('expires access tokens after 3600 s of sandbox time', () => {
    const { store, code, clock } = setup();
    const tokens = store.redeemCode({ code, clientId: 'client', redirectUri: 'http://localhost/cb' });
    expect(store.checkAccess(tokens?.accessToken).ok).toBe(true);
    clock.advance(3599);
    expect(store.checkAccess(tokens?.accessToken).ok).toBe(true);
    clock.advance(2);
    expect(store.checkAccess(tokens?.accessToken)).toEqual({ ok: false, reason: 'expired' });
  });

  it('rotates refresh tokens; the previous one returns the current pair for 24 h, then fails', () => {
    const { store, code, clock } = setup();
    const first = store.redeemCode({ code, clientId: 'client', redirectUri: 'http://localhost/cb' });
    const second = store.refresh({ refreshToken: first?.refreshToken ?? '', clientId: 'client' });
    expect(second?.refreshToken).not.toBe(first?.refreshToken);
    const retried = store.refresh({ refreshToken: first?.refreshToken ?? '', clientId: 'client' });
    expect(retried?.refreshToken).toBe(second?.refreshToken);
    clock.advance(24 * 3600 + 1);
    expect(store.refresh({ refreshToken: first?.refreshToken ?? '', clientId: 'client' })).toBeUndefined();
    expect(store.refresh({ refreshToken: second?.refreshToken ?? '', clientId: 'client' })).toBeDefined();
  });

  it('revoking any token of a grant kills the grant', () => {
    const { store, code } = setup();
    const tokens = store.redeemCode({ code, clientId: 'client', redirectUri: 'http://localhost/cb' });
    expect(store.revoke(tokens?.refreshToken ?? '', 'client')).toBe(true);
    expect(store.checkAccess(tokens?.accessToken)).toEqual({ ok: false, reason: 'revoked' });
    expect(store.refresh({ refreshToken: tokens?.refreshToken ?? '', clientId: 'client' })).toBeUndefined();
  });
});
