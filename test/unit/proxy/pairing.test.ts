import { describe, expect, it } from 'vitest';
import { PAIRING_ALPHABET, generatePairingCode, normalizePairingCode } from '../../../proxy-server/security/secrets';
import { createVault } from '../../../proxy-server/security/vault';
import { createStore, openDb } from '../../../proxy-server/store';

describe('pairing codes', () => {
  it('are XXXX-XXXX from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i += 1) {
      const code = generatePairingCode();
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      for (const ch of code.replace('-', '')) expect(PAIRING_ALPHABET).toContain(ch);
      expect(code).not.toMatch(/[01OIL]/);
    }
  });

  it('accept what people type: lower case, spaces, no dash', () => {
    expect(normalizePairingCode(' abcd efgh ')).toBe('ABCDEFGH');
    expect(normalizePairingCode('ABCD-EFGH')).toBe('ABCDEFGH');
  });

  it('are one-time, expire after 24 h, and are stored hashed', async () => {
    const store = createStore(await openDb({ kind: 'pglite' }), createVault(Buffer.alloc(32, 1)));
    try {
      const t0 = Date.parse('2026-03-01T00:00:00Z');
      const ws = await store.workspaces.ensureDefault(t0);
      const redeem = (code: string, at: number) => store.db.transaction((tx) => store.pairingCodes.redeem(tx, code, at));

      const first = await store.pairingCodes.issue(ws.id, t0);
      const stored = await store.db.query('SELECT code_hash FROM pairing_codes');
      expect(JSON.stringify(stored)).not.toContain(normalizePairingCode(first.code));
      expect(await redeem(first.code.toLowerCase().replace('-', ' '), t0 + 1000)).toBe(ws.id);
      expect(await redeem(first.code, t0 + 2000)).toBeNull();

      const second = await store.pairingCodes.issue(ws.id, t0);
      expect(await redeem(second.code, t0 + 24 * 3600_000 + 1)).toBeNull();
      expect(await redeem('WXYZ-2345', t0)).toBeNull();
    } finally {
      await store.close();
    }
  }, 60_000);
});
