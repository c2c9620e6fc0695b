// A localserve engine with its webapi, and small helpers to call it over real HTTP.
import type { TestContext } from 'node:test';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { initLocalserveDir, type Engine } from '../../src/engine/index.js';
import { WebapiClient } from '../../src/webapi/index.js';
import { startLocalserve } from '../helpers/localserve.js';
import { tempDir } from '../helpers/tmp.js';
import type { Clock } from '../../src/clock/index.js';

export const user = 'mox@localhost';
export const password = 'moxmoxmox';
export const basic = (u = user, p = password) => 'Basic ' + Buffer.from(`${u}:${p}`).toString('base64');

/** A raw HTTP response. */
export interface Resp {
  status: number;
  headers: Headers;
  body: Buffer;
  text: string;
  json: () => unknown;
}

/** Inserts config lines (one indent deeper) after the line `\t<name>:` of a config file. */
async function insertConf(file: string, name: string, lines: string[]): Promise<void> {
  const conf = await readFile(file, 'utf8');
  const key = `\n\t${name}:\n`;
  const i = conf.indexOf(key);
  if (i < 0) throw new Error(`no ${name} in ${file}`);
  const at = i + key.length;
  await writeFile(file, conf.slice(0, at) + lines.map((l) => `\t\t${l}\n`).join('') + conf.slice(at));
}

/**
 * Starts localserve and returns webapi helpers. `accountConf` lines go into the mox account
 * in domains.conf, `listenerConf` lines into listener "local" in mox.conf.
 */
export async function webapiServer(t: TestContext, opts: { clock?: Clock; accountConf?: string[]; listenerConf?: string[] } = {}) {
  let dir: string | undefined;
  if (opts.accountConf || opts.listenerConf) {
    dir = join(tempDir(t), 'localserve');
    await initLocalserveDir(dir, { now: Date.now(), uid: process.getuid?.() ?? 0 });
    if (opts.accountConf) await insertConf(join(dir, 'domains.conf'), 'mox', opts.accountConf);
    if (opts.listenerConf) await insertConf(join(dir, 'mox.conf'), 'local', opts.listenerConf);
  }
  const ls = await startLocalserve(t, { clock: opts.clock, dir });
  const origin = `http://127.0.0.1:${ls.port('http')}`;
  const base = `${origin}/webapi/v0/`;
  const client = new WebapiClient({ baseUrl: base, username: user, password });

  /** An HTTP request to a path of the HTTP listener. */
  async function http(path: string, init: RequestInit = {}): Promise<Resp> {
    const r = await fetch(origin + path, { redirect: 'manual', ...init });
    const body = Buffer.from(await r.arrayBuffer());
    const text = body.toString('utf8');
    return { status: r.status, headers: r.headers, body, text, json: () => JSON.parse(text) };
  }

  /** POSTs a method call with a url-encoded "request" (or the given body and content type). */
  function post(method: string, request: unknown, o: { auth?: string | null; contentType?: string; body?: string | Buffer } = {}): Promise<Resp> {
    const headers: Record<string, string> = {};
    if (o.auth !== null) headers.Authorization = o.auth ?? basic();
    const ct = o.contentType ?? 'application/x-www-form-urlencoded';
    if (ct) headers['Content-Type'] = ct;
    const body = o.body ?? new URLSearchParams({ request: typeof request === 'string' ? request : JSON.stringify(request) }).toString();
    // A Buffer body: fetch adds no Content-Type of its own.
    return http(`/webapi/v0/${method}`, { method: 'POST', headers, body: Buffer.from(body) });
  }

  return { ...ls, origin, base, client, http, post };
}

/** Runs curl with arguments; resolves with status code and body. */
export function curl(args: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-w', '\n%{http_code}', ...args], { maxBuffer: 64 << 20 }, (err, stdout) => {
      if (err) return reject(err);
      const i = stdout.lastIndexOf('\n');
      resolve({ status: Number(stdout.slice(i + 1)), body: stdout.slice(0, i) });
    });
  });
}

/** Resolves with the next event of a type matching `pred`, or rejects after `ms`. */
export function nextEvent<T>(engine: Engine, type: Parameters<Engine['bus']['on']>[0], pred: (d: T) => boolean = () => true, ms = 15_000): Promise<T> {
  const p = new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timeout waiting for ${String(type)}`));
    }, ms);
    const off = engine.bus.on(type, ((d: T) => {
      if (!pred(d)) return;
      clearTimeout(timer);
      off();
      resolve(d);
    }) as never);
  });
  p.catch(() => undefined);
  return p;
}

/** Resolves when the queue retired all these message ids (events are set up before the call that queues them). */
export function retiredIds(engine: Engine, ms = 15_000): { wait(ids: number[]): Promise<Map<number, string>> } {
  const seen = new Map<number, string>();
  const off = engine.bus.on('queue.retired', (e) => void seen.set(e.msgId, e.event));
  return {
    async wait(ids) {
      const until = Date.now() + ms;
      while (!ids.every((id) => seen.has(id))) {
        if (Date.now() > until) {
          off();
          throw new Error(`timeout: retired ${[...seen.keys()].join(',')} of ${ids.join(',')}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
      off();
      return seen;
    },
  };
}
