import { startSandbox } from './server.js';

/** `npm run sandbox`: the sandbox alone on SANDBOX_PORT (default 4010), loopback only. */
async function main(): Promise<void> {
  const port = Number(process.env.SANDBOX_PORT ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}`);
  const sandbox = await startSandbox({ port, host: '127.0.0.1' });
  console.log(`Sandbox listening on ${sandbox.url}`);
  for (const emulator of sandbox.emulators) {
    for (const company of emulator.companies()) {
      console.log(`  ${company.provider}  ${company.id}  ${company.name} (${company.currency})`);
    }
  }
  const stop = (): void => {
    void sandbox.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
