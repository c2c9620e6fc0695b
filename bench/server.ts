// Starts `mox localserve` as users run it (bundled build, separate process) for the benches.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

export interface BenchServer {
  ports: { smtp: number; submission: number; imap: number; metrics: number };
  pid: number;
  stop: () => Promise<void>;
}

export async function startServer(dir: string): Promise<BenchServer> {
  const p = spawn(process.execPath, [join(root, 'bin', 'mox.js'), '-loglevel', 'error', 'localserve', '-dir', dir, '-ports', '0', '-no-tui'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  await new Promise<void>((resolve, reject) => {
    p.stderr!.on('data', (d) => {
      err += d;
      if (/serving from/.test(err)) resolve();
    });
    p.on('exit', () => reject(new Error(`server exited:\n${err}`)));
  });
  const port = (re: RegExp) => Number(err.match(re)?.[1]);
  const ports = {
    smtp: port(/ smtp:\/\/localhost:(\d+) /),
    submission: port(/ smtp:\/\/mox%40localhost:moxmoxmox@localhost:(\d+) /),
    imap: port(/ imap:\/\/mox%40localhost:moxmoxmox@localhost:(\d+) /),
    metrics: port(/http:\/\/localhost:(\d+)\/metrics/),
  };
  return {
    ports,
    pid: p.pid!,
    stop: () =>
      new Promise((resolve) => {
        p.once('exit', () => resolve());
        p.kill('SIGTERM');
      }),
  };
}

/** Reads a counter from the metrics endpoint. */
export async function metric(port: number, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+(?:\\.\\d+)?)$`, 'm'));
  return m ? Number(m[1]) : 0;
}

/** Resident set size of a process, in MiB (Linux). */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}
