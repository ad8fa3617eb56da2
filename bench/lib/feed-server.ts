import { startSandbox } from '../../proxy-server/sandbox/server';
import { jsonLines } from '../../proxy-server/http/request-log';
import { DEFAULT_SEAT_REQUESTS_PER_MINUTE } from '../../proxy-server/http/seat-auth';
import { recordServerTimes } from './feed-server-timing';
import { connectProvider, createSeat, sandboxCompany, startBenchProxy, waitConnected } from './stack';

/**
 * P6's server side, in a process of its own so the client's CPU and the proxy's can be told apart (and the proxy
 * profiled with --cpu-prof): a sandbox of CUSTOMERS QBO customers, a proxy that imported them through a real
 * connection, and SEATS seats. The proxy runs as `npm run proxy` runs it: startProxy (node-server over real HTTP)
 * with its structured request log as JSON lines on stdout (the parent points stdout at a file). The harness talks
 * over the IPC channel: {url, tokens, mirrored, pid} once ready; "times" → {times} (server-side durations since the
 * last ask); disconnect stops the process.
 */
const customers = Number(process.env.P6_CUSTOMERS ?? 10_000);
const seats = Number(process.env.P6_SEATS ?? 50);
const send = (message: unknown) => process.send?.(message);

const sandbox = await startSandbox({ port: 0, customers });
const stack = await startBenchProxy(sandbox.url, {}, { seatRequestsPerMinute: Number(process.env.P6_SEAT_BUDGET ?? DEFAULT_SEAT_REQUESTS_PER_MINUTE), log: jsonLines });
const tokens: string[] = [];
for (let i = 0; i < seats; i += 1) tokens.push(await createSeat(stack.proxy, `Seat ${i + 1}`));
const company = await sandboxCompany(sandbox.url, 'qbo');
await connectProvider(stack.proxy.url, tokens[0] as string, 'qbo', company.id);
const [connection] = await waitConnected(stack.proxy.url, tokens[0] as string, 300_000);
await stack.proxy.sync.idle();
const mirrored = await stack.proxy.store.mirror.countLive(connection!.id, 'customer');
const timing = recordServerTimes((url) => url.startsWith('/v1/feed'));
send({ url: stack.proxy.url, tokens, mirrored, pid: process.pid });

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await stack.close();
  await sandbox.close();
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'times') send({ times: timing.take() });
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
