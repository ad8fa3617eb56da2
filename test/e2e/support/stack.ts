import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProxy } from '../../../proxy-server/server';
import { startSandbox } from '../../../proxy-server/sandbox/server';
import { createProxyClient, type ProxyClient } from '../../../lib/proxy-client';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { startHttpsFixtureServer, type FixtureServer } from './https-server';

export type RunningSandbox = Awaited<ReturnType<typeof startSandbox>>;
export type RunningProxy = Awaited<ReturnType<typeof startProxy>>;

export interface Stack {
  sandbox: RunningSandbox;
  proxy: RunningProxy;
  fixtures: FixtureServer;
  ext: ExtensionBrowser;
  /** Moves the proxy's clock forward (e.g. past its 30 s cool-down between manual syncs). */
  advanceProxyClock(ms: number): void;
  /** Stops the proxy now (the "proxy unreachable" test); close() then skips it. */
  stopProxy(): Promise<void>;
  close(): Promise<void>;
}

/** One file's world: the sandbox and the proxy in process, an HTTPS fixture server, one Chromium with the extension. */
export async function startStack(options: { hostMap?: string[] } = {}): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0 });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'll-e2e-ext-'));
  let offset = 0;
  const clock = { now: () => Date.now() + offset };
  const proxy = await startProxy({ port: 0, clock, env: { SANDBOX_URL: sandbox.url, LEDGERLENS_DATA_DIR: dataDir } });
  const fixtures = await startHttpsFixtureServer();
  const ext = await launchWithExtension({ hostMap: options.hostMap ?? [] });
  let proxyOpen = true;
  const stopProxy = async () => {
    if (!proxyOpen) return;
    proxyOpen = false;
    await proxy.close();
  };
  return {
    sandbox,
    proxy,
    fixtures,
    ext,
    advanceProxyClock: (ms) => void (offset += ms),
    stopProxy,
    async close() {
      await ext.close().catch(() => undefined);
      await fixtures.close().catch(() => undefined);
      await stopProxy().catch(() => undefined);
      await sandbox.close().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Another paired seat, talking to the proxy the way any extension does: what it sees is what the team shares. */
export async function secondSeat(proxy: RunningProxy, name = 'Second seat (e2e)'): Promise<ProxyClient> {
  const { token } = await createProxyClient({ baseUrl: proxy.url }).pair({ code: await proxy.issuePairingCode(), name });
  return createProxyClient({ baseUrl: proxy.url, token });
}
