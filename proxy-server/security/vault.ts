import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Provider tokens are encrypted at rest with AES-256-GCM: a random 12-byte IV per record, and the record's id as
 * additional authenticated data so a ciphertext copied onto another row fails to decrypt.
 * Format: `v1.<iv>.<tag>.<ciphertext>` (base64url parts), versioned so the key or algorithm can be rotated later.
 */
export interface Vault {
  encrypt(plaintext: string, aad: string): string;
  decrypt(sealed: string, aad: string): string;
}

export class VaultError extends Error {
  override name = 'VaultError';
}

export function createVault(key: Buffer): Vault {
  if (key.length !== 32) throw new VaultError('the vault key must be 32 bytes');
  return {
    encrypt(plaintext, aad) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(aad, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v1', iv, tag, body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    decrypt(sealed, aad) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
        throw new VaultError('not a vault record');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        // Never echo the ciphertext or the key; the record is unusable either way.
        throw new VaultError('the record failed authentication (tampered, or encrypted with another key)');
      }
    },
  };
}

/** Reads the 32-byte key file, creating it (mode 0600) on first run. */
export function loadOrCreateKeyFile(path: string): Buffer {
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new VaultError(`${path} does not hold a base64 32-byte key`);
    return key;
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  // 'wx' fails if another process created it between the check and now; then read theirs.
  try {
    writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyFile(path);
    throw error;
  }
  chmodSync(path, 0o600); // the umask may have widened nothing, but be explicit
  return key;
}
