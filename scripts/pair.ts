/**
 * `npm run pair`: prints a fresh `Pairing code: <code>`. Asks the running proxy (PROXY_URL, default
 * http://127.0.0.1:${PROXY_PORT||4000}) with the admin token from the data dir; when no proxy answers, inserts a code
 * straight into the store (PostgreSQL always; the embedded PGlite folder only while no proxy holds it).
 */
import { join } from 'node:path';
import { loadEnv } from '../proxy-server/env';
import { readAdminToken } from '../proxy-server/security/admin-token';
import { createVault, loadOrCreateKeyFile } from '../proxy-server/security/vault';
import { createStore, dbConfigFromEnv, openDb } from '../proxy-server/store';

async function fromRunningProxy(proxyUrl: string, adminToken: string): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(`${proxyUrl}/admin/pairing-codes`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}` },
      signal: AbortSignal.timeout(5000),
    });
  } catch {
    return null; // nothing listening: fall back to the store
  }
  if (!response.ok) {
    throw new Error(`the proxy at ${proxyUrl} refused (HTTP ${response.status}); is LEDGERLENS_DATA_DIR the proxy's?`);
  }
  const body = (await response.json()) as { code?: unknown };
  if (typeof body.code !== 'string') throw new Error(`the proxy at ${proxyUrl} sent no code`);
  return body.code;
}

async function fromStore(): Promise<string> {
  const env = loadEnv();
  const key = env.encryptionKey ?? loadOrCreateKeyFile(join(env.dataDir, 'vault.key'));
  const store = createStore(await openDb(dbConfigFromEnv(env)), createVault(key));
  try {
    const workspace = await store.workspaces.ensureDefault(Date.now());
    return (await store.pairingCodes.issue(workspace.id, Date.now())).code;
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const env = loadEnv();
  const proxyUrl = (process.env.PROXY_URL ?? `http://127.0.0.1:${env.port}`).replace(/\/+$/, '');
  const adminToken = readAdminToken(env.dataDir);
  const code = (adminToken ? await fromRunningProxy(proxyUrl, adminToken) : null) ?? (await fromStore());
  console.log(`Pairing code: ${code}`);
}

main().catch((error: unknown) => {
  console.error(`npm run pair: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
