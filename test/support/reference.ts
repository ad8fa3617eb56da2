import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the provider contracts live (`../shared/reference`, DESIGN.md): beside the repository as CI lays it out,
 * or wherever LEDGERLENS_REFERENCE_DIR says (a clone somewhere else, e.g. a temp dir). One place decides, so no test
 * hard-codes a machine path.
 */
function findReferenceDir(): string {
  const candidates = [
    process.env.LEDGERLENS_REFERENCE_DIR,
    path.resolve(import.meta.dirname, '../../../shared/reference'),
    '/work/shared/reference',
  ].filter((dir): dir is string => typeof dir === 'string' && dir.length > 0);
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`The provider reference folder was not found (looked in ${candidates.join(', ')}); set LEDGERLENS_REFERENCE_DIR.`);
  return found;
}

export const REFERENCE_DIR = findReferenceDir();

/** A path inside the reference folder, e.g. referencePath('qbo', 'recorded'). */
export function referencePath(...parts: string[]): string {
  return path.join(REFERENCE_DIR, ...parts);
}
