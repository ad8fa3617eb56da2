import { createInterface } from 'node:readline';
import { startSandbox } from '../../proxy-server/sandbox/server';
import { recordServerTimes } from './feed-server-timing';
import { connectProvider, createSeat, sandboxCompany, startBenchProxy, waitConnected } from './stack';

/**
 * P6's server side, in a process of its own so the client's CPU and the proxy's can be told apart (and the proxy
 * profiled with --cpu-prof): a sandbox of CUSTOMERS QBO customers, a proxy that imported them through a real
 * connection, and SEATS seats. Prints one JSON line {url, tokens, mirrored} and runs until stdin closes.
 */
const customers = Number(process.env.P6_CUSTOMERS ?? 10_000);
const seats = Number(process.env.P6_SEATS ?? 50);

const sandbox = await startSandbox({ port: 0, customers });
const stack = await startBenchProxy(sandbox.url, {}, { seatRequestsPerMinute: Number(process.env.P6_SEAT_BUDGET ?? 600) });
const tokens: string[] = [];
for (let i = 0; i < seats; i += 1) tokens.push(await createSeat(stack.proxy, `Seat ${i + 1}`));
const company = await sandboxCompany(sandbox.url, 'qbo');
await connectProvider(stack.proxy.url, tokens[0] as string, 'qbo', company.id);
const [connection] = await waitConnected(stack.proxy.url, tokens[0] as string, 300_000);
await stack.proxy.sync.idle();
const mirrored = await stack.proxy.store.mirror.countLive(connection!.id, 'customer');
const timing = recordServerTimes((url) => url.startsWith('/v1/feed'));
process.stdout.write(`${JSON.stringify({ url: stack.proxy.url, tokens, mirrored, pid: process.pid })}\n`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack.close();
  await sandbox.close();
  process.exit(0);
}
// Line protocol on stdin: "times" → one JSON line with the server-side durations since the last ask.
createInterface({ input: process.stdin })
  .on('line', (line) => {
    if (line.trim() === 'times') process.stdout.write(`${JSON.stringify({ times: timing.take() })}\n`);
  })
  .on('close', () => void stop());
process.on('SIGTERM', () => void stop());
