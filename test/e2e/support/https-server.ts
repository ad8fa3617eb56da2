import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface FixtureServer {
  port: number;
  /** Serve `html` for GET requests to `pathname` (any host). */
  route(pathname: string, html: string): void;
  close(): Promise<void>;
}

/**
 * CRM hosts are HSTS-preloaded, so Chromium insists on HTTPS for them: a self-signed certificate is made at test time
 * (DESIGN.md) and Chromium runs with --ignore-certificate-errors.
 */
export async function startHttpsFixtureServer(): Promise<FixtureServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'll-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile,
    '-days', '1', '-subj', '/CN=ledgerlens-fixtures',
  ], { stdio: 'ignore' });
  const routes = new Map<string, string>();
  const server = https.createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (req, res) => {
    const pathname = new URL(req.url ?? '/', 'https://fixture.invalid').pathname;
    const html = routes.get(pathname);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no fixture here');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rmSync(dir, { recursive: true, force: true });
  return {
    port: (server.address() as AddressInfo).port,
    route: (pathname, html) => void routes.set(pathname, html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
