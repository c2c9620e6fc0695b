import { spawn, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
/** The `mox` command of this checkout (bin/mox.js runs the build, or the sources via tsx). */
export const moxBin = join(root, 'bin', 'mox.js');

/** A running `mox` process with its output collected. */
export interface MoxProcess {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when stderr matches `re` (or rejects on exit/timeout). */
  waitStderr(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
}

/** Starts `mox <args>`; the process is killed when the test ends. */
export function runMox(t: TestContext, args: string[], env: Record<string, string> = {}): MoxProcess {
  const proc = spawn(process.execPath, [moxBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => {
    err += d;
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  t.after(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitStderr(re, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = err.match(re);
          if (m) {
            cleanup();
            resolve(m);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timeout waiting for ${re} in stderr:\n${err}`));
        }, ms);
        void exited.then(() => {
          check();
          if (waiters.has(check)) {
            cleanup();
            reject(new Error(`process exited before ${re} in stderr:\n${err}`));
          }
        });
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs `mox <args>` to completion. */
export async function runMoxToEnd(t: TestContext, args: string[], env: Record<string, string> = {}) {
  const p = runMox(t, args, env);
  const r = await p.exited;
  return { ...r, stdout: p.stdout(), stderr: p.stderr() };
}

/** The ports in the localserve banner's URL table, by scheme and purpose. */
export function bannerPorts(banner: string): { smtp: number; submission: number; submissions: number; imap?: number; imaps?: number; http?: number; metrics?: number } {
  const port = (re: RegExp) => {
    const m = banner.match(re);
    return m ? Number(m[1]) : undefined;
  };
  return {
    smtp: port(/ smtp:\/\/localhost:(\d+) /)!,
    submission: port(/ smtp:\/\/mox%40localhost:moxmoxmox@localhost:(\d+) /)!,
    submissions: port(/smtps:\/\/mox%40localhost:moxmoxmox@localhost:(\d+) /)!,
    imap: port(/ imap:\/\/mox%40localhost:moxmoxmox@localhost:(\d+) /),
    imaps: port(/imaps:\/\/mox%40localhost:moxmoxmox@localhost:(\d+) /),
    http: port(/http:\/\/localhost:(\d+)\/account\//),
    metrics: port(/http:\/\/localhost:(\d+)\/metrics/),
  };
}

/** Runs `mox <args>` to completion with `input` on stdin (no test context needed). */
export function moxRun(args: string[], o: { input?: string; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [moxBin, ...args], { stdio: ['pipe', 'pipe', 'pipe'], cwd: o.cwd });
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d) => (stdout += d));
    p.stderr!.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
    p.stdin!.end(o.input ?? '');
  });
}

/**
 * Commands against the running instance of `conf`: `ok` must exit 0 (stdout), `fails` must
 * exit with `code` (stderr), `ids` reads the ids a list command prints under its
 * "<noun>:" / "retired <noun>:" header.
 */
export function cliAgainst(t: TestContext, conf: string, noun: 'messages' | 'webhooks') {
  const run = (args: string[], env: Record<string, string> = {}) => runMoxToEnd(t, conf ? ['-config', conf, ...args] : args, env);
  const ok = async (...args: string[]) => {
    const r = await run(args);
    assert.equal(r.code, 0, `mox ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const fails = async (code: number, ...args: string[]) => {
    const r = await run(args);
    assert.equal(r.code, code, `mox ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.stderr;
  };
  const ids = async (...args: string[]) => {
    const lines = (await ok(...args)).split('\n');
    assert.match(lines[0]!, new RegExp(`^(retired )?${noun}:$`));
    assert.equal(lines.at(-1), '');
    if (lines[1] === '(none)') return [];
    return lines.slice(1, -1).map((l) => Number(l.slice(0, 5)));
  };
  return { run, ok, fails, ids };
}

/** Polls `fn` until it returns a value (bounded by `ms`; no timing assertion). */
export async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000, stepMs = 100): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
