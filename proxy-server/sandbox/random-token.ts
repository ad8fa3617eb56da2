import { randomBytes } from 'node:crypto';

/** An opaque, unguessable token. Tokens are not derived from the seed: a reset must not make old tokens valid. */
export function randomToken(prefix: string, bytes = 24): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}
