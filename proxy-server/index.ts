/**
 * `npm run proxy`: the proxy on PROXY_HOST:PROXY_PORT. Prints the URL and a fresh pairing code
 * (a line `Pairing code: <code>`, which scripts and tests look for).
 */
import { EnvError } from './env';
import { startProxy } from './server';

async function main(): Promise<void> {
  const proxy = await startProxy();
  console.log(`Proxy listening on ${proxy.url}`);
  console.log(`Pairing code: ${await proxy.issuePairingCode()}`);
  const stop = () => {
    proxy.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof EnvError ? error.message : `proxy failed to start: ${(error as Error)?.message ?? error}`);
  process.exit(1);
});
