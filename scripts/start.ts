/**
 * `npm start`: the whole product on loopback — the provider sandbox, the proxy pointed at it, and the built
 * extension — plus everything a new user needs printed: the proxy URL, a pairing code, where to load the extension
 * from, and a demo CRM page whose contact has a balance in the sandbox.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startProxy } from '../proxy-server/server';
import { startSandbox } from '../proxy-server/sandbox/server';

const root = path.resolve(import.meta.dirname, '..');
const sandboxPort = Number(process.env.SANDBOX_PORT ?? 4010);
const proxyPort = Number(process.env.PROXY_PORT ?? 4000);

function buildExtension(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wxt build exited with ${code}`))));
  });
}

async function subscribeWebhooks(sandboxUrl: string, proxyUrl: string, keys: { qbo: string; xero: string }) {
  for (const provider of ['qbo', 'xero'] as const) {
    const response = await fetch(`${sandboxUrl}/__sandbox/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ provider, url: `${proxyUrl}/webhooks/${provider}`, key: keys[provider] }),
    });
    if (!response.ok) console.warn(`Could not subscribe the proxy to ${provider} webhooks: ${await response.text()}`);
  }
}

async function main(): Promise<void> {
  console.log('Building the extension…');
  const build = buildExtension();
  const sandbox = await startSandbox({ port: sandboxPort });
  // Webhooks make the demo live: a payment recorded in the sandbox's web app reaches the panel within seconds.
  // The keys play the part of the Intuit verifier token and the Xero webhooks key from the developer portals.
  const webhookKeys = { qbo: randomBytes(24).toString('base64url'), xero: randomBytes(24).toString('base64url') };
  const proxy = await startProxy({
    port: proxyPort,
    env: {
      SANDBOX_URL: process.env.SANDBOX_URL ?? sandbox.url,
      QBO_WEBHOOK_VERIFIER_TOKEN: process.env.QBO_WEBHOOK_VERIFIER_TOKEN ?? webhookKeys.qbo,
      XERO_WEBHOOK_KEY: process.env.XERO_WEBHOOK_KEY ?? webhookKeys.xero,
    },
  });
  await subscribeWebhooks(sandbox.url, proxy.url, webhookKeys);
  await build;
  const pairingCode = await proxy.issuePairingCode();

  console.log(`
LedgerLens is running.

  Sandbox (QuickBooks Online and Xero emulators): ${sandbox.url}
  Proxy URL:                                      ${proxy.url}
Pairing code: ${pairingCode}

Load the extension: open chrome://extensions, enable Developer mode, "Load unpacked", and choose
  ${path.join(root, '.output', 'chrome-mv3')}
Then open the LedgerLens popup, enter the proxy URL and the pairing code, and connect QuickBooks.

Demo CRM page (a HubSpot-style contact whose email has a balance in the sandbox):
  ${sandbox.url}/demo-crm

Press Ctrl+C to stop.`);

  const stop = async () => {
    await proxy.close();
    await sandbox.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
