import { Worker } from 'node:worker_threads';
import type { RequestCounts } from './stack';

/**
 * A counting sandbox (stack.ts) on a worker thread. In the benchmark process it would share the proxy's event loop:
 * building 1,000-invoice pages, as QuickBooks' servers do on theirs, then takes the thread the import runs on, and
 * P3 would time the emulator as much as the proxy. Counting is the same: every request is counted where it arrives.
 */
export interface SandboxThread {
  url: string;
  counts(): Promise<RequestCounts>;
  resetCounts(): Promise<void>;
  /** Lifts the rate limits, for the benchmark's own counting reads after a run. */
  liftLimits(): Promise<void>;
  close(): Promise<void>;
}

export async function startSandboxThread(): Promise<SandboxThread> {
  const worker = new Worker(new URL('./tsx-worker.mjs', import.meta.url), {
    workerData: { module: new URL('./sandbox-thread-main.ts', import.meta.url).href },
  });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (m: { url: string }) => resolve(m.url));
  });
  let nextId = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  worker.on('message', (m: { id: number; result: unknown }) => waiting.get(m.id)?.(m.result));
  const call = (op: string) =>
    new Promise<unknown>((resolve) => {
      const id = ++nextId;
      waiting.set(id, (result) => {
        waiting.delete(id);
        resolve(result);
      });
      worker.postMessage({ id, op });
    });
  return {
    url,
    async counts() {
      const c = (await call('counts')) as { api: number; oauth: number; harness: number; byPath: [string, number][]; apiStatus: [number, number][] };
      return { ...c, byPath: new Map(c.byPath), apiStatus: new Map(c.apiStatus) };
    },
    resetCounts: async () => void (await call('resetCounts')),
    liftLimits: async () => void (await call('liftLimits')),
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}
