import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export interface Machine {
  nproc: number;
  memoryGiB: number;
  cpuModel: string;
  node: string;
  chromium: string;
  os: string;
  /** 1-minute load average when the run started: the machine is shared, and figures move with it. */
  load: number;
}

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumVersion(): string {
  try {
    const out = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    return out.trim();
  } catch {
    return `not found at ${CHROMIUM}`;
  }
}

/** The facts a reader needs to compare figures across machines (issue 7: "the machine it ran on"). */
export function describeMachine(): Machine {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux: os.cpus() is the best there is
  }
  return {
    nproc: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel,
    node: process.version,
    chromium: chromiumVersion(),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

export function machineLine(m: Machine): string {
  return `${m.nproc} CPUs (nproc), ${m.memoryGiB} GiB RAM, ${m.cpuModel}; Node ${m.node}; ${m.chromium}; ${m.os}; load average ${m.load} at start`;
}
