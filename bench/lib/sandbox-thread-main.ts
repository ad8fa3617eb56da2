import { parentPort } from 'node:worker_threads';
import { startCountingSandbox } from './stack';

/**
 * The counting sandbox on a thread of its own (bench/lib/sandbox-thread.ts): it stands in for QuickBooks' and Xero's
 * servers, whose work does not run on the proxy's CPU. Answers {id, op} with {id, result}.
 */
const sandbox = await startCountingSandbox();
const port = parentPort!;

port.on('message', async (message: { id: number; op: 'counts' | 'resetCounts' | 'liftLimits' | 'close' }) => {
  let result: unknown = null;
  if (message.op === 'counts') {
    const { api, oauth, harness, byPath, apiStatus } = sandbox.counts;
    result = { api, oauth, harness, byPath: [...byPath], apiStatus: [...apiStatus] };
  } else if (message.op === 'resetCounts') sandbox.resetCounts();
  else if (message.op === 'liftLimits') {
    for (const emulator of sandbox.emulators) (emulator as unknown as { setLimits?(l: object): void }).setLimits?.({ perMinute: 1e6, perDay: 1e7 });
  } else if (message.op === 'close') await sandbox.close();
  port.postMessage({ id: message.id, result });
});
port.postMessage({ url: sandbox.url });
