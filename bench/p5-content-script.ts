import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer, { type Browser } from 'puppeteer';
import { EXTENSION_DIR, launchWithExtension } from '../test/e2e/support/browser';
import { startHttpsFixtureServer } from '../test/e2e/support/https-server';
import { median, p95, round } from './lib/stats';
import { judged, type Benchmark } from './lib/types';

/**
 * P5: what the content script costs every matched CRM page. Size: the built script(s) the manifest injects, gzipped.
 * Time: headless Chromium loads the HubSpot fixture under its real host name (app.hubspot.com → loopback, HTTPS)
 * LOADS times with the extension and LOADS times without, alternating; after each load settles, CDP
 * Performance.getMetrics gives the page renderer's main-thread TaskDuration and ScriptDuration; the figure is the
 * difference of the medians. The extension is not paired: the script still detects the record and mounts the
 * panel iframe (whose own work runs in the extension's process, not on the page's main thread).
 */
const LOADS = 15;
const SETTLE_MS = 1500;
const RECORD_PATH = '/contacts/4242/record/0-1/1001';
const FIXTURE = path.resolve(import.meta.dirname, '../test/fixtures/crm/hubspot/contact-record.html');

function contentScriptBytes(): { files: string[]; raw: number; gzip: number; built: string } {
  const manifest = JSON.parse(readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[]; css?: string[] }[];
  };
  const files = [...new Set((manifest.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]))];
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const content = readFileSync(path.join(EXTENSION_DIR, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files, raw, gzip, built: statSync(path.join(EXTENSION_DIR, 'manifest.json')).mtime.toISOString() };
}

async function plainBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--ignore-certificate-errors', '--host-resolver-rules=MAP app.hubspot.com 127.0.0.1'],
  });
}

async function loadOnce(browser: Browser, url: string): Promise<{ task: number; script: number; panel: boolean }> {
  const page = await browser.newPage();
  try {
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(url, { waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    const panel = await page.evaluate(() => document.querySelector('iframe[data-ledgerlens-panel]') !== null);
    return { task: value('TaskDuration') * 1000, script: value('ScriptDuration') * 1000, panel };
  } finally {
    await page.close();
  }
}

const bench: Benchmark = {
  id: 'p5',
  title: 'script injected on every matched CRM page',
  target: '≤ 20 KB gzipped; main-thread time added at load ≤ 10 ms median',
  command: 'npx wxt build && npx tsx bench/run.ts p5',
  async run() {
    const size = contentScriptBytes();
    const fixtures = await startHttpsFixtureServer();
    fixtures.route(RECORD_PATH, readFileSync(FIXTURE, 'utf8'));
    const url = `https://app.hubspot.com:${fixtures.port}${RECORD_PATH}`;
    const ext = await launchWithExtension({ hostMap: ['app.hubspot.com'] });
    const plain = await plainBrowser();
    const withExt: { task: number; script: number; panel: boolean }[] = [];
    const without: { task: number; script: number; panel: boolean }[] = [];
    try {
      await loadOnce(ext.browser, url); // warm-up: caches, the extension's service worker
      await loadOnce(plain, url);
      for (let i = 0; i < LOADS; i += 1) {
        withExt.push(await loadOnce(ext.browser, url));
        without.push(await loadOnce(plain, url));
      }
    } finally {
      await ext.close();
      await plain.close();
      await fixtures.close();
    }
    const added = median(withExt.map((s) => s.task)) - median(without.map((s) => s.task));
    const addedScript = median(withExt.map((s) => s.script)) - median(without.map((s) => s.script));
    const kb = size.gzip / 1024;
    return judged(
      [
        { name: 'content script, gzipped', value: round(kb, 1), unit: 'KiB', target: '≤ 20 KB', ok: size.gzip <= 20 * 1024 },
        { name: 'main-thread time added at load (median TaskDuration with − without)', value: round(added, 1), unit: 'ms', target: '≤ 10 ms', ok: added <= 10 },
        { name: 'content script, raw', value: round(size.raw / 1024, 1), unit: 'KiB' },
        { name: 'TaskDuration with extension, median / p95', value: `${round(median(withExt.map((s) => s.task)), 1)} / ${round(p95(withExt.map((s) => s.task)), 1)}`, unit: 'ms' },
        { name: 'TaskDuration without, median / p95', value: `${round(median(without.map((s) => s.task)), 1)} / ${round(p95(without.map((s) => s.task)), 1)}`, unit: 'ms' },
        { name: 'ScriptDuration added (median with − without)', value: round(addedScript, 1), unit: 'ms' },
        { name: 'loads where the panel iframe was mounted', value: `${withExt.filter((s) => s.panel).length} / ${withExt.length}` },
      ],
      [
        `Scripts measured: ${size.files.join(', ')} from the build of ${size.built} (${EXTENSION_DIR}).`,
        `${LOADS} loads each, alternating with/without, each in a fresh tab; metrics read ${SETTLE_MS} ms after the load event (the script runs at document_idle).`,
        'TaskDuration and ScriptDuration are CDP Performance.getMetrics of the page target (the renderer main thread); their resolution is the browser\'s task timing (µs).',
        'Where the added time goes (CDP trace + CPU profile, 2026-12-02): about half is the panel iframe in the page\'s renderer (createChildframe, the local→remote frame swap of an out-of-process extension frame, style/layout/compositor commit for the new frame); a build that mounted no iframe added 12.7 ms vs 24.6 ms. The rest is the isolated world (context creation, extension bindings) and the script itself: the adapter\'s first read and loading the sites setting. ScriptDuration does not count the microtasks the async main runs in.',
        'Variants measured with this bench on 2026-12-04 (AMD EPYC, same build otherwise): the bundle injected but main() returning at once 6.2 ms (the floor of any script this size: isolated world, bindings, compile); + the sites setting 5.5 ms (no measurable cost); + the record watcher and the adapter\'s first read (mostly first-run compilation) 9.3 ms; + the panel session message, no iframe 11.5 ms; + the panel iframe 22 ms; the panel never loaded ahead 19 ms; the iframe\'s height messages ignored 22.2 ms (no cost). So the panel iframe is ~8–10 ms of it: the 10 ms target is out of reach while the panel is an extension-origin iframe mounted at load. Since then the watcher reads the record before loading a panel ahead (record-watcher.ts): a record already rendered at document_idle gets its panel directly, not a hidden one moved into place (−3 ms); P1, whose record renders after load, still loads it ahead. Reaching 10 ms needs a product change: a compact summary in a closed shadow root (DESIGN.md allows one) with the iframe on demand, plus a smaller per-CRM bootstrap.',
        'Floor (throwaway builds, 2026-12-03, this method, each interleaved with a browser without the extension): a content script that does nothing adds ~4.5 ms (the isolated world); compiling the 36 KB bundle without running any of it ~4.4 ms more; a one-line script that only mounts the panel iframe (no adapter, no storage, no messaging) adds ~12-13 ms, the same with the iframe display:none or inside a contain:strict closed shadow root. So the 10 ms target is out of reach while an out-of-process panel iframe is created at load; what the script adds above that floor is what can still shrink.',
      ],
    );
  },
};
export default bench;
