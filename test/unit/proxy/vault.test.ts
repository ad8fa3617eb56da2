import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VaultError, createVault, loadOrCreateKeyFile } from '../../../proxy-server/security/vault';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('vault', () => {
  const vault = createVault(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const secret = JSON.stringify({ refreshToken: 'RT-very-secret' });
    const sealed = vault.encrypt(secret, 'conn_1');
    expect(sealed).not.toContain('very-secret');
    expect(vault.decrypt(sealed, 'conn_1')).toBe(secret);
  });

  it('uses a fresh IV per record', () => {
    expect(vault.encrypt('same', 'a')).not.toBe(vault.encrypt('same', 'a'));
  });

  it('detects tampering with the ciphertext', () => {
    const sealed = vault.encrypt('hello world', 'a');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3] as string, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => vault.decrypt(parts.join('.'), 'a')).toThrow(VaultError);
  });

  it('refuses a record moved to another row, or read with another key', () => {
    const sealed = vault.encrypt('hello', 'conn_1');
    expect(() => vault.decrypt(sealed, 'conn_2')).toThrow(VaultError);
    expect(() => createVault(randomBytes(32)).decrypt(sealed, 'conn_1')).toThrow(VaultError);
    expect(() => vault.decrypt('garbage', 'conn_1')).toThrow(VaultError);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createVault(randomBytes(16))).toThrow(VaultError);
  });

  it('creates the key file once, mode 0600, and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vault-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'vault.key');
    const key = loadOrCreateKeyFile(path);
    expect(key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path).equals(key)).toBe(true);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64').equals(key)).toBe(true);
  });
});
